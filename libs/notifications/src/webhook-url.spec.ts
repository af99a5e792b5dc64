import { webhookUrlProblem } from './webhook-endpoints.service';

describe('webhookUrlProblem (production rule)', () => {
  it.each([
    { situation: 'a public https host', url: 'https://hooks.example.com/vg', problem: null },
    { situation: 'a public IPv4 address', url: 'https://203.0.113.7/vg', problem: null },
    { situation: 'plain http', url: 'http://hooks.example.com/vg', problem: /https/ },
    { situation: 'localhost', url: 'https://localhost/vg', problem: /loopback or private/ },
    { situation: 'a .localhost name', url: 'https://api.localhost/vg', problem: /loopback or private/ },
    { situation: 'IPv4 loopback', url: 'https://127.0.0.1:8443/vg', problem: /loopback or private/ },
    { situation: '10/8', url: 'https://10.1.2.3/vg', problem: /loopback or private/ },
    { situation: '172.16/12', url: 'https://172.20.0.1/vg', problem: /loopback or private/ },
    { situation: '172.32 is public', url: 'https://172.32.0.1/vg', problem: null },
    { situation: '192.168/16', url: 'https://192.168.1.1/vg', problem: /loopback or private/ },
    { situation: 'link-local (cloud metadata)', url: 'https://169.254.169.254/latest', problem: /loopback or private/ },
    { situation: 'IPv6 loopback', url: 'https://[::1]/vg', problem: /loopback or private/ },
    { situation: 'IPv6 unique local', url: 'https://[fd00::1]/vg', problem: /loopback or private/ },
    { situation: 'IPv4-mapped IPv6', url: 'https://[::ffff:127.0.0.1]/vg', problem: /loopback or private/ },
  ])('$situation', ({ url, problem }) => {
    const found = webhookUrlProblem(url, false);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('allows anything when private addresses are allowed', () => {
    expect(webhookUrlProblem('http://127.0.0.1:9000/hooks', true)).toBeNull();
  });
});

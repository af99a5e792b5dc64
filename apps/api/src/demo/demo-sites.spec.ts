import { demoSite } from './demo-sites';

describe('demoSite', () => {
  it('puts a firm within about a kilometre of the town its address names', () => {
    const site = demoSite('F0001', '浙江省杭州市临平区塘栖镇工业路12号');
    expect(site).not.toBeNull();
    expect(Math.abs(Number(site!.latitude) - 30.485)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(Number(site!.longitude) - 120.19)).toBeLessThanOrEqual(0.01);
    expect(site!.latitude).toMatch(/^\d{2}\.\d{6}$/);
  });

  it('gives the same key the same site, and other keys other sites', () => {
    const address = '浙江省杭州市临平区乔司街道永玄路5号';
    expect(demoSite('F0002', address)).toEqual(demoSite('F0002', address));
    const sites = new Set(['F0002', 'F0003', 'F0004', 'F0005'].map((key) => JSON.stringify(demoSite(key, address))));
    expect(sites.size).toBe(4);
  });

  it('knows no site for an address without a known town', () => {
    expect(demoSite('F0001', '上海市浦东新区世纪大道1号')).toBeNull();
  });
});

import { DomainEvent } from '@vg/core';

/** Subject and plain text of a notification email (no figures: events carry none). */
export function composeEmail(event: DomainEvent, title: string, displayName: string): Record<string, string> {
  const lines = [
    `Hello ${displayName},`,
    '',
    title,
    '',
    ...Object.entries(event.payload).map(([key, value]) => `${key}: ${String(value)}`),
    '',
    'Sign in to Virtual Group to act on it. You can choose which notifications reach you by email in your settings.',
  ];
  return { subject: `[Virtual Group] ${title}`, text: lines.join('\n') };
}

/** The invitation mail: the one-time token, which the owner gives to acceptInvitation. */
export function invitationEmail(event: DomainEvent, token: string): Record<string, string> {
  const expiresAt = typeof event.payload.expiresAt === 'string' ? event.payload.expiresAt : 'in 14 days';
  return {
    subject: '[Virtual Group] You are invited to manage your firm',
    text: [
      'Your industrial park invites you to Virtual Group as the owner of your firm.',
      '',
      `Your invitation token (valid until ${expiresAt}): ${token}`,
      '',
      'Accept it by choosing a password (acceptInvitation). If you did not expect this, ignore this mail.',
    ].join('\n'),
  };
}

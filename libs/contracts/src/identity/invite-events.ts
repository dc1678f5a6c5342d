/** Emitted by the gateway when someone is invited; reporting mails the link. */
export const INVITE_CREATED_EVENT = 'gateway.invite.created';

export interface InviteCreatedEvent {
  readonly inviteId: string;
  readonly orgId: string;
  readonly orgName: string;
  readonly email: string;
  readonly role: string;
  /** Contains the signed invite token: treat it as a secret, never log it. */
  readonly inviteUrl: string;
  readonly invitedBy: string;
  readonly expiresAt: string;
}

import { compileBody, type MailContent, renderInLayout } from './mail-templates';
import { NOTICE_HTML, NOTICE_TEXT } from './notice.hbs';
import type { TableView } from './view-model';

/** A single notice (alert, dunning), already formatted. */
export interface NoticeView {
  readonly subject: string;
  readonly preheader: string;
  readonly kicker: string;
  readonly heading: string;
  readonly subheading: string;
  readonly banner: string;
  readonly bannerColour: string;
  readonly lead: string;
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly table: TableView | null;
  /** Only http(s) URLs: checked by the caller, the template writes it raw into href. */
  readonly button: { readonly label: string; readonly url: string } | null;
  readonly footer: readonly string[];
}

const noticeBody = compileBody<NoticeView>(NOTICE_HTML, NOTICE_TEXT);

/** `unsubscribeUrl`: the link of the footer (and of List-Unsubscribe), when the mail has one. */
export function renderNotice(view: NoticeView, unsubscribeUrl: string | null = null): MailContent {
  return renderInLayout(
    {
      subject: view.subject,
      preheader: view.preheader,
      kicker: view.kicker,
      heading: view.heading,
      subheading: view.subheading,
      footer: view.footer,
      unsubscribeUrl,
    },
    noticeBody(view),
  );
}

/** A URL safe to put raw in an href: http(s), normalised by URL (no quotes, no spaces). */
export function safeLink(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

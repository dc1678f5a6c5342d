import Handlebars from 'handlebars';
import { LAYOUT_HTML, LAYOUT_TEXT } from './layout.hbs';
import type { WeeklyView } from './view-model';
import { WEEKLY_HTML, WEEKLY_TEXT } from './weekly.hbs';

/** An e-mail's content, ready for the mailer (attachments are added by the caller). */
export interface MailContent {
  readonly subject: string;
  readonly preheader: string;
  readonly html: string;
  readonly text: string;
}

/** Frame fields every mail fills. */
export interface LayoutFields {
  readonly subject: string;
  readonly preheader: string;
  /** Beside the logo: `Weekly report`, `Alert`, `Billing`. */
  readonly kicker: string;
  readonly heading: string;
  readonly subheading: string;
  readonly footer: readonly string[];
  readonly unsubscribeUrl: string | null;
}

// One isolated Handlebars environment: no helper or partial registered elsewhere leaks in.
const html = Handlebars.create();
const text = Handlebars.create();

const compileHtml = (source: string): Handlebars.TemplateDelegate =>
  html.compile(source, { strict: false, preventIndent: true });
// The text part is not HTML: nothing is escaped in it.
const compileText = (source: string): Handlebars.TemplateDelegate =>
  text.compile(source, { noEscape: true, preventIndent: true });

const layoutHtml = compileHtml(LAYOUT_HTML);
const layoutText = compileText(LAYOUT_TEXT);
const weeklyHtml = compileHtml(WEEKLY_HTML);
const weeklyText = compileText(WEEKLY_TEXT);

/** Renders a body (already HTML and text) into the frame. */
export function renderInLayout(
  fields: LayoutFields,
  body: { readonly html: string; readonly text: string },
): MailContent {
  return {
    subject: fields.subject,
    preheader: fields.preheader,
    html: layoutHtml({ ...fields, content: body.html }),
    text: tidyText(layoutText({ ...fields, content: body.text })),
  };
}

/** Renders a body template pair with its data, for the alert and dunning mails. */
export function compileBody<T>(
  htmlSource: string,
  textSource: string,
): (data: T) => { html: string; text: string } {
  const bodyHtml = compileHtml(htmlSource);
  const bodyText = compileText(textSource);
  return (data) => ({ html: bodyHtml(data), text: bodyText(data) });
}

export interface WeeklyPersonalisation {
  readonly recipientEmail: string;
  readonly unsubscribeUrl: string;
  /** `every Monday at 08:00 (UTC)`. */
  readonly scheduleText: string;
}

export function renderWeekly(view: WeeklyView, person: WeeklyPersonalisation): MailContent {
  return renderInLayout(
    {
      subject: view.subject,
      preheader: view.preheader,
      kicker: 'Weekly report',
      heading: `Weekly report: ${view.orgName}`,
      subheading: `${view.week} \u00b7 ${view.range} (${view.timeZone}), compared with ${view.previousWeek}`,
      footer: [
        `You receive this report at ${person.recipientEmail} because an admin of ${view.orgName} added you to its recipients.`,
        `Vantage sends it ${person.scheduleText}.`,
      ],
      unsubscribeUrl: person.unsubscribeUrl,
    },
    { html: weeklyHtml(view), text: weeklyText(view) },
  );
}

/** Collapses the blank lines template control flow leaves in the text part. */
function tidyText(value: string): string {
  return `${value
    // The lookbehind starts at the first blank of a run: a long run not ending a line is read once.
    .replace(/(?<![ \t])[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

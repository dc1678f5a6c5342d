/**
 * The body of a single notice (an alert, a dunning reminder): a coloured banner line, a lead
 * paragraph, facts as label/value rows, an optional table, and an optional button. Alert and
 * dunning mail share it, so they look like the weekly report's family.
 */
export const NOTICE_HTML = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">
<tr><td style="padding:0 0 14px 0;">
<span style="display:inline-block;padding:3px 10px;border-radius:12px;font-size:12px;line-height:18px;font-weight:700;letter-spacing:0.4px;color:#ffffff;background-color:{{bannerColour}};">{{banner}}</span>
</td></tr>
<tr><td style="padding:0 0 16px 0;font-size:15px;line-height:22px;color:#111827;">{{lead}}</td></tr>
{{#if facts.length}}
<tr><td style="padding:0 0 12px 0;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:14px;line-height:20px;">
{{#each facts}}<tr><td width="40%" style="padding:6px 8px 6px 0;border-bottom:1px solid #f3f4f6;color:#6b7280;vertical-align:top;">{{label}}</td><td style="padding:6px 0;border-bottom:1px solid #f3f4f6;color:#111827;vertical-align:top;word-break:break-word;">{{value}}</td></tr>
{{/each}}
</table>
</td></tr>
{{/if}}
{{#if table}}
<tr><td style="padding:6px 0 12px 0;">
<p style="margin:0 0 6px 0;font-size:13px;line-height:18px;font-weight:600;color:#374151;">{{table.title}}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;line-height:18px;">
<tr>{{#each table.columns}}<td align="{{align}}" style="padding:4px 6px;border-bottom:1px solid #e5e7eb;color:#6b7280;font-size:12px;text-align:{{align}};">{{label}}</td>{{/each}}</tr>
{{#each table.rows}}<tr>{{#each this}}<td align="{{align}}" style="padding:5px 6px;border-bottom:1px solid #f3f4f6;color:#111827;text-align:{{align}};word-break:break-word;">{{text}}</td>{{/each}}</tr>
{{/each}}
</table>
</td></tr>
{{/if}}
{{#if button}}
<tr><td style="padding:8px 0 4px 0;">
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;"><tr>
<td bgcolor="{{bannerColour}}" style="background-color:{{bannerColour}};border-radius:6px;">
<a href="{{{button.url}}}" style="display:inline-block;padding:10px 18px;font-size:14px;line-height:20px;font-weight:600;color:#ffffff;text-decoration:none;">{{button.label}}</a>
</td></tr></table>
</td></tr>
{{/if}}
</table>`;

export const NOTICE_TEXT = `[{{banner}}]
{{lead}}

{{#each facts}}{{label}}: {{value}}
{{/each}}{{#if table}}
{{table.title}}:
{{#each table.lines}}{{this}}
{{/each}}{{/if}}{{#if button}}
{{button.label}}: {{{button.url}}}
{{/if}}`;

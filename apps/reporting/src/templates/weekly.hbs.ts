/**
 * The weekly report's body, one block per section: a heading with the section's colour, KPIs
 * three to a row (value, change pill, last week), the chart (a PNG attachment by `cid:`), then
 * tables and notes. A section without data shows its "no data yet" line and nothing else.
 */
export const WEEKLY_HTML = `{{#each sections}}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 8px 0;">
<tr><td style="padding:18px 0 10px 0;border-top:3px solid {{colour}};">
<h2 style="margin:0;font-size:17px;line-height:24px;font-weight:700;color:#111827;">{{title}}</h2>
</td></tr>
{{#if available}}
{{#each kpiRows}}
<tr><td style="padding:0 0 8px 0;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">
<tr>
{{#each this}}
<td width="33%" valign="top" style="width:33%;padding:10px 8px 10px 0;vertical-align:top;">
<p style="margin:0 0 2px 0;font-size:12px;line-height:16px;color:#6b7280;text-transform:uppercase;letter-spacing:0.3px;">{{label}}</p>
<p style="margin:0 0 4px 0;font-size:20px;line-height:26px;font-weight:700;color:#111827;">{{value}}</p>
{{#if change}}<span style="display:inline-block;padding:1px 6px;border-radius:10px;font-size:12px;line-height:18px;font-weight:600;color:{{change.colour}};background-color:{{change.background}};">{{change.arrow}} {{change.text}}</span>{{/if}}
{{#if hint}}<p style="margin:4px 0 0 0;font-size:12px;line-height:16px;color:#6b7280;">{{hint}}</p>{{/if}}
</td>
{{/each}}
</tr>
</table>
</td></tr>
{{/each}}
{{#if chart}}
<tr><td style="padding:6px 0 4px 0;">
<img src="cid:{{chart.cid}}" width="560" alt="{{chart.alt}}" style="display:block;width:100%;max-width:560px;height:auto;border:0;outline:none;text-decoration:none;">
</td></tr>
<tr><td style="padding:0 0 10px 0;font-size:12px;line-height:16px;color:#6b7280;">
{{chart.caption}}&nbsp;&nbsp;<span style="color:{{chart.colour}};font-weight:700;">&#9473;</span> this week{{#if chart.compared}}&nbsp;&nbsp;<span style="color:#9ca3af;font-weight:700;">&#9476;</span> week before{{/if}}
</td></tr>
{{/if}}
{{#each tables}}
<tr><td style="padding:8px 0 10px 0;">
<p style="margin:0 0 6px 0;font-size:13px;line-height:18px;font-weight:600;color:#374151;">{{title}}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;line-height:18px;">
<tr>{{#each columns}}<td align="{{align}}" style="padding:4px 6px;border-bottom:1px solid #e5e7eb;color:#6b7280;font-size:12px;text-align:{{align}};">{{label}}</td>{{/each}}</tr>
{{#each rows}}<tr>{{#each this}}<td align="{{align}}" style="padding:5px 6px;border-bottom:1px solid #f3f4f6;color:#111827;text-align:{{align}};word-break:break-word;">{{text}}</td>{{/each}}</tr>
{{/each}}
</table>
</td></tr>
{{/each}}
{{#each notes}}
<tr><td style="padding:0 0 6px 0;font-size:12px;line-height:16px;color:#6b7280;">{{this}}</td></tr>
{{/each}}
{{else}}
<tr><td style="padding:4px 0 12px 0;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;"><tr>
<td bgcolor="#f9fafb" style="background-color:#f9fafb;border:1px dashed #d1d5db;border-radius:6px;padding:12px 14px;font-size:14px;line-height:20px;color:#4b5563;">{{unavailableText}}</td>
</tr></table>
</td></tr>
{{/if}}
</table>
{{/each}}`;

/** The same report as plain text, for clients that show no HTML and for screen readers. */
export const WEEKLY_TEXT = `{{#each sections}}

== {{title}} ==
{{#if available}}
{{#each kpiRows}}{{#each this}}{{label}}: {{value}}{{#if change}}, {{change.text}}{{/if}}{{#if hint}} ({{hint}}){{/if}}
{{/each}}{{/each}}{{#if chart}}[Chart: {{chart.caption}}]
{{/if}}{{#each tables}}
{{title}}:
{{#each lines}}{{this}}
{{/each}}{{/each}}{{#each notes}}{{this}}
{{/each}}{{else}}{{unavailableText}}
{{/if}}{{/each}}`;

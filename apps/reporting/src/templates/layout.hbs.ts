/**
 * The frame of every e-mail Vantage sends: table layout, inline CSS only, a hidden preheader,
 * and a footer. It renders in Gmail (which drops <style> in some clients), Outlook (Word's
 * engine: tables, widths as attributes, the MSO conditional for a fixed 600px width) and Apple
 * Mail. `content` is HTML rendered by one of the mail templates.
 */
export const LAYOUT_HTML = `<!DOCTYPE html>
<html lang="en" xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="x-apple-disable-message-reformatting">
<meta name="format-detection" content="telephone=no, date=no, address=no, email=no">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>{{subject}}</title>
<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->
</head>
<body style="margin:0;padding:0;width:100%;background-color:#f3f4f6;-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%;">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;color:#f3f4f6;">{{preheader}}&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f3f4f6" style="background-color:#f3f4f6;border-collapse:collapse;">
<tr>
<td align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;border-collapse:collapse;">
<tr>
<td style="padding:0 4px 12px 4px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:13px;line-height:18px;color:#6b7280;">
<span style="font-weight:700;color:#111827;letter-spacing:0.5px;">VANTAGE</span>&nbsp;&nbsp;{{kicker}}
</td>
</tr>
<tr>
<td bgcolor="#ffffff" style="background-color:#ffffff;border:1px solid #e5e7eb;border-radius:8px;padding:28px 24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#111827;">
<h1 style="margin:0 0 4px 0;font-size:22px;line-height:28px;font-weight:700;color:#111827;">{{heading}}</h1>
<p style="margin:0 0 20px 0;font-size:14px;line-height:20px;color:#4b5563;">{{subheading}}</p>
{{{content}}}
</td>
</tr>
<tr>
<td style="padding:16px 4px 0 4px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:12px;line-height:18px;color:#6b7280;">
{{#each footer}}<p style="margin:0 0 6px 0;">{{this}}</p>{{/each}}
{{#if unsubscribeUrl}}<p style="margin:0;"><a href="{{{unsubscribeUrl}}}" style="color:#4b5563;text-decoration:underline;">Unsubscribe</a></p>{{/if}}
</td>
</tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td>
</tr>
</table>
</body>
</html>
`;

/** The plain-text frame: the content, then the footer and the unsubscribe address. */
export const LAYOUT_TEXT = `{{heading}}
{{subheading}}

{{{content}}}
--
{{#each footer}}{{{this}}}
{{/each}}{{#if unsubscribeUrl}}Unsubscribe: {{{unsubscribeUrl}}}
{{/if}}`;

/** The small HTML pages of one-click NPS links (no scripts, no external assets). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.5rem}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></body></html>
`;
}

export function thankYouPage(score: number): string {
  return page('Thank you!', `We recorded your answer: ${score} out of 10. You can close this page.`);
}

export function badLinkPage(status: number, reason: string): string {
  return status === 400
    ? page('This link does not work', `${reason}. Please use the latest link from your e-mail.`)
    : page('Something went wrong', 'We could not record your answer. Please try again later.');
}

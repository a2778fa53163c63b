import { escapeHtml } from './http';

export const renderPage = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f8; color: #393a3d; }
header { background: #2ca01c; color: #fff; padding: 12px 24px; font-weight: 600; }
main { max-width: 760px; margin: 24px auto; background: #fff; padding: 24px; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #ddd; }
button { padding: 8px 20px; margin-right: 8px; font-size: 1rem; } .primary { background: #2ca01c; color: #fff; border: 0; }
.note { color: #6b6c72; font-size: 0.9rem; }
</style>
</head>
<body>
<header>intuit quickbooks · local emulator</header>
<main>
${body}
</main>
</body>
</html>`;

/// The stylesheet of exported guides: plain and readable, a public-service look, A4 in print, one column on a phone.
/// It loads nothing from elsewhere (system fonts only), so an exported file makes no requests.
public enum GuideStyle {
    /// The CSS, embedded in the HTML export and written as `style.css` in a site.
    public static let css = """
        :root { --ink: #0b0c0c; --muted: #505a5f; --rule: #b1b4b6; --accent: #005eb8; --panel: #f3f2f1; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff; font: 1.0625rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
        .page { max-width: 42em; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.5em; }
        h1 { font-size: 2.1rem; margin-top: 0.4em; }
        h2 { font-size: 1.6rem; border-top: 4px solid var(--accent); padding-top: 0.6em; }
        h3 { font-size: 1.3rem; }
        h4, h5, h6 { font-size: 1.08rem; }
        p, ul, ol, dl { margin: 0 0 1em; }
        a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 0.15em; overflow-wrap: anywhere; }
        a:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: var(--ink); }
        code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.92em; background: var(--panel); padding: 0 0.2em; }
        .cover { padding-bottom: 1rem; border-bottom: 1px solid var(--rule); }
        .kicker, .date, .note, .footer { color: var(--muted); }
        .lede { font-size: 1.25rem; }
        .contact, .prompts, .dropped { background: var(--panel); border-left: 6px solid var(--accent); padding: 0.8rem 1rem; margin: 1.2rem 0; }
        .contact > :last-child, .prompts > :last-child, .dropped > :last-child { margin-bottom: 0; }
        .prompts h3 { margin-top: 0; font-size: 1.08rem; }
        .contents ol { padding-left: 1.4em; }
        .contents li { margin: 0.2em 0; }
        .example { border-top: 1px solid var(--rule); margin-top: 2rem; }
        .example .caption { color: var(--muted); margin: 1rem 0 0; }
        .example .caption + .example-title { margin-top: 0.2em; }
        .summary { font-size: 1.125rem; }
        .example-note { font-weight: 700; border-left: 4px solid #1d70b8; padding-left: 0.5em; }
        .facts { border-collapse: collapse; width: 100%; margin: 0 0 1em; font-size: 0.95em; }
        .facts th, .facts td { text-align: left; vertical-align: top; padding: 0.25em 0.8em 0.25em 0; border-bottom: 1px solid var(--rule); }
        .facts th { font-weight: 600; white-space: nowrap; width: 1%; }
        .contents ul { padding-left: 1.2em; }
        .links .url { color: var(--muted); font-size: 0.9em; overflow-wrap: anywhere; }
        .rating { font-size: 1.125rem; }
        .asks { padding-left: 1.4em; }
        .asks .prompt { font-weight: 600; margin-bottom: 0.3em; }
        .answer { border: 1px solid var(--rule); padding: 0.5rem 0.8rem; margin: 0 0 1rem; }
        .answer > :last-child { margin-bottom: 0; }
        .answer.empty { min-height: 5.5em; }
        .local-note { color: var(--muted); }
        .actions td { vertical-align: top; }
        .footer { border-top: 1px solid var(--rule); margin-top: 3rem; padding-top: 1rem; font-size: 0.9rem; }
        @media (max-width: 30em) {
          body { font-size: 1rem; }
          h1 { font-size: 1.7rem; }
          .facts th { white-space: normal; }
        }
        @page {
          size: A4; margin: 16mm 18mm 18mm;
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8.5pt system-ui, sans-serif; color: #505a5f; }
        }
        @page :first { @bottom-right { content: none; } }
        @media print {
          body { font-size: 10pt; line-height: 1.35; }
          .page { max-width: none; padding: 0; }
          a { color: var(--ink); text-decoration: none; }
          h2 { font-size: 15pt; margin-top: 1.2em; }
          h3 { font-size: 12.5pt; margin-top: 1em; }
          h4, h5, h6 { font-size: 10.5pt; margin: 1em 0 0.3em; }
          .cover { display: flex; flex-direction: column; min-height: 240mm; border: 0; page-break-after: always; break-after: page; }
          .cover h1 { font-size: 26pt; margin-top: 30mm; }
          .cover .contact { margin-top: auto; }
          .example { margin-top: 1.2rem; }
          .summary { font-size: 11pt; }
          h2, h3, h4 { page-break-after: avoid; break-after: avoid; }
          .answer { page-break-inside: avoid; break-inside: avoid; }
          .answer.empty { min-height: 30mm; }
          .foundation { page-break-before: always; break-before: page; }
          .prompts, .facts tr, li { page-break-inside: avoid; break-inside: avoid; }
          .contact, .prompts, .dropped { background: none; border-left-width: 3pt; }
        }
        """
}

/// A self-contained HTML report: one file with inline CSS and SVG, no script, no reference
/// to anything outside the file, readable in light and dark mode and when printed.
///
/// The markup is well-formed XML (every element closed, only the XML entities), so a strict
/// parser can check it.
///
/// ```swift
/// var report = HTMLReport(title: "Threshold region of scored.csv")
/// report.paragraph("4,601 rows, 1,813 positives.")
/// report.chart(chart)
/// report.table(headers: ["metric", "value"], rows: [["ROC AUC", "0.971"]])
/// let html = report.html
/// ```
public struct HTMLReport: Sendable {
    /// The page title (also the first heading).
    public var title: String
    /// A line under the title: what the report was made from.
    public var subtitle: String?
    private(set) var body: [String] = []
    /// The charts added, in order.
    public private(set) var charts: [Chart] = []

    public init(title: String, subtitle: String? = nil) {
        self.title = title
        self.subtitle = subtitle
    }

    /// Starts a section with a heading.
    public mutating func section(_ heading: String) {
        body.append("<h2>\(HTML.escape(heading))</h2>")
    }

    /// A paragraph of plain text.
    public mutating func paragraph(_ text: String) {
        body.append("<p>\(HTML.escape(text))</p>")
    }

    /// A highlighted verdict line, e.g. the beyond-score audit's answer.
    public mutating func verdict(_ label: String, _ text: String, tone: Tone = .neutral) {
        body.append("<p class=\"verdict \(tone.rawValue)\"><strong>\(HTML.escape(label))</strong> \(HTML.escape(text))</p>")
    }

    /// How a verdict reads: good news, bad news, or neither.
    public enum Tone: String, Sendable {
        case good, bad, neutral
    }

    /// A bulleted list.
    public mutating func list(_ items: [String]) {
        guard !items.isEmpty else { return }
        body.append("<ul>" + items.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>")
    }

    /// A figure: the chart's title, its SVG, and its caption.
    public mutating func chart(_ chart: Chart) {
        let id = "chart\(charts.count + 1)"
        charts.append(chart)
        body.append("<figure><h3>\(HTML.escape(chart.title))</h3>\(chart.svg(id: id))<figcaption>\(HTML.escape(chart.caption))</figcaption></figure>")
    }

    /// A real table. Cells that look like numbers are right-aligned; a table of
    /// ``wideTableColumns`` columns or more is set smaller so it fits the page (and the print).
    public mutating func table(caption: String? = nil, headers: [String], rows: [[String]]) {
        var out = headers.count >= Self.wideTableColumns ? "<div class=\"tablewrap\"><table class=\"wide\">" : "<div class=\"tablewrap\"><table>"
        if let caption { out += "<caption>\(HTML.escape(caption))</caption>" }
        out += "<thead><tr>" + headers.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>" + row.enumerated().map { i, cell in
                let numeric = Self.looksNumeric(cell)
                let tag = i == 0 && !numeric ? "th scope=\"row\"" : "td"
                let close = i == 0 && !numeric ? "th" : "td"
                return "<\(tag)\(numeric ? " class=\"num\"" : "")>\(HTML.escape(cell))</\(close)>"
            }.joined() + "</tr>"
        }
        body.append(out + "</tbody></table></div>")
    }

    /// From this many columns a table is set in the smaller `wide` style.
    static let wideTableColumns = 9

    /// Whether a cell reads as a number (`0.912`, `4,601`, `7.1%`, `[0.1, 0.2]`, `—`).
    static func looksNumeric(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first else { return false }
        let allowed = Set("0123456789.,-−+e%[]() —×".unicodeScalars)
        let leads = ("0"..."9").contains(first) || first == "-" || first == "[" || first == "—"
        return leads && cell.unicodeScalars.allSatisfy { allowed.contains($0) }
    }

    /// The whole page.
    public var html: String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
        out += "<meta name=\"color-scheme\" content=\"light dark\"/>"
        out += "<meta name=\"generator\" content=\"Quarry \(HTML.escape(Quarry.version))\"/>"
        out += "<title>\(HTML.escape(title))</title><style>\(Self.css)</style></head>\n<body><main>"
        out += "<h1>\(HTML.escape(title))</h1>"
        if let subtitle { out += "<p class=\"subtitle\">\(HTML.escape(subtitle))</p>" }
        out += body.joined(separator: "\n")
        out += "<footer>Made by Quarry \(HTML.escape(Quarry.version)). Self-contained: no script, nothing fetched.</footer>"
        out += "</main></body></html>\n"
        return out
    }

    /// The page's style: a light palette, a dark one for `prefers-color-scheme: dark`, and
    /// the light one again for print.
    static let css = """
    :root{--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--grid:#d9dee3;--plot:#fbfcfd;--band:rgba(191,135,0,0.16);\
    --c0:#0969da;--c1:#cf222e;--c2:#9a6700;--c3:#1a7f37;--c4:#8250df;--c5:#59636e;}
    @media (prefers-color-scheme: dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--grid:#30363d;--plot:#111820;\
    --band:rgba(210,153,34,0.22);--c0:#4493f8;--c1:#ff7b72;--c2:#d29922;--c3:#3fb950;--c4:#bc8cff;--c5:#9198a1;}}
    @media print{:root{--bg:#ffffff;--fg:#000000;--muted:#444444;--grid:#cccccc;--plot:#ffffff;--band:rgba(191,135,0,0.18);\
    --c0:#0550ae;--c1:#a40e26;--c2:#7d4e00;--c3:#116329;--c4:#6639ba;--c5:#444444;}\
    figure,table{break-inside:avoid}main{max-width:none}.tablewrap{overflow:visible}}
    html{background:var(--bg);color:var(--fg)}
    body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
    main{max-width:820px;margin:0 auto;padding:24px 20px 40px}.tablewrap{overflow-x:auto}
    h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.25em;margin:32px 0 8px;border-bottom:1px solid var(--grid);padding-bottom:4px}
    h3{font-size:1em;margin:0 0 6px}
    .subtitle,footer,figcaption,caption{color:var(--muted)}footer{margin-top:40px;font-size:0.85em}
    figure{margin:18px 0}figcaption{font-size:0.9em;margin-top:4px}
    svg.chart{display:block;max-width:100%;height:auto;font-size:12px}
    table{border-collapse:collapse;margin:12px 0;font-variant-numeric:tabular-nums;font-size:0.93em}
    caption{text-align:left;font-size:0.9em;padding-bottom:4px}
    th,td{border-bottom:1px solid var(--grid);padding:4px 10px;text-align:left;vertical-align:top}
    thead th{border-bottom:2px solid var(--muted)}td.num{text-align:right;white-space:nowrap}
    table.wide{font-size:0.8em}table.wide th,table.wide td{padding:3px 6px}
    .verdict{padding:10px 14px;border-left:4px solid var(--c5);background:var(--plot)}
    .verdict.good{border-color:var(--c3)}.verdict.bad{border-color:var(--c1)}
    .plot{fill:var(--plot);stroke:var(--grid)}.grid{stroke:var(--grid);stroke-width:1}
    .tick,.legend,.axislabel,.paneltitle{fill:var(--fg)}.tick{fill:var(--muted)}.paneltitle{font-weight:600}
    .ln{fill:none;stroke-width:2}.dashed{stroke-dasharray:6 4}.whisker{stroke-width:1.6}
    .bar{fill-opacity:0.45;stroke-width:0.6}.bar.c1{fill-opacity:0.8}.box{fill-opacity:0.3;stroke-width:1.4}.median{stroke:var(--fg);stroke-width:2}
    .rule{stroke-width:1.6;stroke-dasharray:5 3}.band{fill:var(--band)}.zoombox{fill:none;stroke:var(--fg);stroke-width:1;stroke-dasharray:3 3}
    .dot{stroke:var(--bg);stroke-width:1}
    .c0{stroke:var(--c0);fill:var(--c0)}.c1{stroke:var(--c1);fill:var(--c1)}.c2{stroke:var(--c2);fill:var(--c2)}
    .c3{stroke:var(--c3);fill:var(--c3)}.c4{stroke:var(--c4);fill:var(--c4)}.c5{stroke:var(--c5);fill:var(--c5)}
    .ln.c0,.ln.c1,.ln.c2,.ln.c3,.ln.c4,.ln.c5{fill:none}
    """
}

/// Escaping for HTML text and attribute values.
public enum HTML {
    /// `s` with `&`, `<`, `>`, `"` and `'` escaped (the five XML entities only).
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}

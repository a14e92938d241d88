extension Chart {
    /// The chart as an inline `<svg>` element (well-formed XML, no external reference).
    ///
    /// `id` must be unique in the page: clip paths are named after it. The element carries
    /// `data-points`, the number of data points drawn.
    /// - Complexity: O(total points).
    public func svg(id: String) -> String {
        let legendEntries = marks.compactMap(\.legend)
        let legendRows = legendEntries.isEmpty ? 0 : 1 + legendWidth(legendEntries) / Int(width - 80)
        let top = 12.0 + Double(legendRows) * 18
        let rotated = (x.categories?.map(\.count).max() ?? 0) > 10
        let bottom = rotated ? 96.0 : 48.0
        let left = 66.0
        let gap = 36.0
        let mainWidth = zoom == nil ? width - left - 16 : (width - left - 16 - gap - 40) * 0.62
        let zoomLeft = left + mainWidth + gap + 40
        let zoomWidth = width - zoomLeft - 16

        var out = "<svg class=\"chart\" id=\"\(id)\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\" data-points=\"\(dataPoints)\">"
        out += "<title>\(HTML.escape(title))</title>"
        out += legend(legendEntries, top: 4)
        let fitted = fittedDomains()
        let main = Panel(left: left, top: top, width: mainWidth, height: height - top - bottom,
                         xScale: ChartScale(kind: x.kind, low: fitted.x.low, high: fitted.x.high, start: left, end: left + mainWidth),
                         yScale: ChartScale(kind: y.kind, low: fitted.y.low, high: fitted.y.high, start: height - bottom, end: top))
        out += draw(main, clipID: id + "-main", labels: true, rotated: rotated)
        if let zoom {
            let panel = Panel(left: zoomLeft, top: top, width: zoomWidth, height: height - top - bottom,
                              xScale: ChartScale(kind: x.kind, low: zoom.x.low, high: zoom.x.high, start: zoomLeft, end: zoomLeft + zoomWidth),
                              yScale: ChartScale(kind: y.kind, low: zoom.y.low, high: zoom.y.high, start: height - bottom, end: top))
            // The zoomed region outlined on the main panel (clamped to it).
            func clampX(_ v: Double) -> Double { min(max(v, left), left + mainWidth) }
            func clampY(_ v: Double) -> Double { min(max(v, top), height - bottom) }
            let x0 = clampX(main.xScale.position(zoom.x.low)), x1 = clampX(main.xScale.position(zoom.x.high))
            let y0 = clampY(main.yScale.position(zoom.y.high)), y1 = clampY(main.yScale.position(zoom.y.low))
            out += "<rect class=\"zoombox\" x=\"\(n(min(x0, x1)))\" y=\"\(n(min(y0, y1)))\" width=\"\(n(abs(x1 - x0)))\" height=\"\(n(abs(y1 - y0)))\"/>"
            out += draw(panel, clipID: id + "-zoom", labels: false, rotated: false)
            out += "<text class=\"paneltitle\" x=\"\(n(zoomLeft + zoomWidth / 2))\" y=\"\(n(top - 4))\" text-anchor=\"middle\">\(HTML.escape(zoom.title))</text>"
        }
        out += "</svg>"
        return out
    }

    /// One plotting area and its scales.
    struct Panel {
        let left: Double, top: Double, width: Double, height: Double
        let xScale: ChartScale, yScale: ChartScale
    }

    /// The x and y domains: the given ones, else fitted to the marks.
    func fittedDomains() -> (x: (low: Double, high: Double), y: (low: Double, high: Double)) {
        let extents = marks.map(\.extent)
        var xDomain = x.domain ?? ChartScale.niceDomain(extents.flatMap(\.xs), kind: x.kind)
        if let categories = x.categories { xDomain = (-0.6, Double(categories.count) - 0.4) }
        let hasBars = marks.contains { if case .bars = $0 { return true } else { return false } }
        var yDomain = y.domain ?? ChartScale.niceDomain(extents.flatMap(\.ys), kind: y.kind, includeZero: hasBars && y.kind == .linear)
        if y.kind == .log && y.domain == nil && hasBars { yDomain.low = min(yDomain.low, 0.5) }
        if y.kind == .log && yDomain.low <= 0 { yDomain.low = 1 }
        return (xDomain, yDomain)
    }

    func draw(_ p: Panel, clipID: String, labels: Bool, rotated: Bool) -> String {
        var out = "<defs><clipPath id=\"\(clipID)\"><rect x=\"\(n(p.left))\" y=\"\(n(p.top))\" width=\"\(n(p.width))\" height=\"\(n(p.height))\"/></clipPath></defs>"
        out += "<rect class=\"plot\" x=\"\(n(p.left))\" y=\"\(n(p.top))\" width=\"\(n(p.width))\" height=\"\(n(p.height))\"/>"
        let bottom = p.top + p.height
        // Grid and ticks.
        if let categories = x.categories {
            for (i, name) in categories.enumerated() {
                let px = p.xScale.position(Double(i))
                out += rotated
                    ? "<text class=\"tick\" transform=\"translate(\(n(px + 4)) \(n(bottom + 12))) rotate(-35)\" text-anchor=\"end\">\(HTML.escape(name))</text>"
                    : "<text class=\"tick\" x=\"\(n(px))\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\">\(HTML.escape(name))</text>"
            }
        } else {
            for t in p.xScale.ticks(target: p.width > 300 ? 6 : 4) {
                let px = p.xScale.position(t)
                out += "<line class=\"grid\" x1=\"\(n(px))\" y1=\"\(n(p.top))\" x2=\"\(n(px))\" y2=\"\(n(bottom))\"/>"
                out += "<text class=\"tick\" x=\"\(n(px))\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\">\(HTML.escape(HumanNumber.tick(t)))</text>"
            }
        }
        for t in p.yScale.ticks(target: 5) {
            let py = p.yScale.position(t)
            out += "<line class=\"grid\" x1=\"\(n(p.left))\" y1=\"\(n(py))\" x2=\"\(n(p.left + p.width))\" y2=\"\(n(py))\"/>"
            out += "<text class=\"tick\" x=\"\(n(p.left - 6))\" y=\"\(n(py + 4))\" text-anchor=\"end\">\(HTML.escape(HumanNumber.tick(t)))</text>"
        }
        out += "<text class=\"axislabel\" x=\"\(n(p.left + p.width / 2))\" y=\"\(n(bottom + (rotated ? 88 : 38)))\" text-anchor=\"middle\">\(HTML.escape(x.label + (x.kind == .log ? " (log scale)" : "")))</text>"
        if labels {
            out += "<text class=\"axislabel\" transform=\"translate(\(n(p.left - 48)) \(n(p.top + p.height / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(y.label + (y.kind == .log ? " (log scale)" : "")))</text>"
        }
        out += "<g clip-path=\"url(#\(clipID))\">"
        for mark in marks { out += draw(mark, in: p) }
        out += "</g>"
        return out
    }

    func draw(_ mark: Mark, in p: Panel) -> String {
        let xs = p.xScale, ys = p.yScale
        let bottom = p.top + p.height
        func inDomain(_ v: Double, _ s: ChartScale) -> Bool { s.kind == .linear || v > 0 }
        switch mark {
        case .line(_, let points, let style, let dashed):
            let kept = points.filter { inDomain($0.x, xs) && inDomain($0.y, ys) }
            guard !kept.isEmpty else { return "" }
            let path = kept.map { "\(n(xs.position($0.x))),\(n(ys.position($0.y)))" }.joined(separator: " ")
            return "<polyline class=\"ln c\(style)\(dashed ? " dashed" : "")\" points=\"\(path)\"/>"
        case .points(_, let points, let style):
            var out = ""
            for pt in points where inDomain(pt.x, xs) && inDomain(pt.y, ys) {
                let px = xs.position(pt.x), py = ys.position(pt.y)
                if let lo = pt.xLow, let hi = pt.xHigh {
                    out += "<line class=\"whisker c\(style)\" x1=\"\(n(xs.position(lo)))\" y1=\"\(n(py))\" x2=\"\(n(xs.position(hi)))\" y2=\"\(n(py))\"/>"
                }
                if let lo = pt.yLow, let hi = pt.yHigh, inDomain(lo, ys) {
                    out += "<line class=\"whisker c\(style)\" x1=\"\(n(px))\" y1=\"\(n(ys.position(lo)))\" x2=\"\(n(px))\" y2=\"\(n(ys.position(hi)))\"/>"
                    for yv in [lo, hi] {
                        out += "<line class=\"whisker c\(style)\" x1=\"\(n(px - 4))\" y1=\"\(n(ys.position(yv)))\" x2=\"\(n(px + 4))\" y2=\"\(n(ys.position(yv)))\"/>"
                    }
                }
                out += "<circle class=\"dot c\(style)\" cx=\"\(n(px))\" cy=\"\(n(py))\" r=\"4\"/>"
            }
            return out
        case .bars(_, let bins, let style):
            var out = ""
            let base = ys.kind == .log ? ys.low : max(ys.low, 0)
            for bin in bins where bin.value > 0 || ys.kind == .linear {
                guard inDomain(bin.value, ys) else { continue }
                let x0 = xs.position(bin.low), x1 = xs.position(bin.high)
                let y0 = ys.position(bin.value), y1 = ys.position(base)
                out += "<rect class=\"bar c\(style)\" x=\"\(n(min(x0, x1)))\" y=\"\(n(min(y0, y1)))\" width=\"\(n(max(0.5, abs(x1 - x0) - 0.5)))\" height=\"\(n(abs(y1 - y0)))\"/>"
            }
            return out
        case .boxes(_, let boxes, let style):
            var out = ""
            let half = max(6, abs(xs.position(1) - xs.position(0)) * 0.18)
            for b in boxes {
                let px = xs.position(b.x)
                let yMin = ys.position(b.minimum), yMax = ys.position(b.maximum)
                let y1 = ys.position(b.q1), y3 = ys.position(b.q3), ym = ys.position(b.median)
                out += "<line class=\"whisker c\(style)\" x1=\"\(n(px))\" y1=\"\(n(yMin))\" x2=\"\(n(px))\" y2=\"\(n(yMax))\"/>"
                for yv in [yMin, yMax] {
                    out += "<line class=\"whisker c\(style)\" x1=\"\(n(px - half / 2))\" y1=\"\(n(yv))\" x2=\"\(n(px + half / 2))\" y2=\"\(n(yv))\"/>"
                }
                out += "<rect class=\"box c\(style)\" x=\"\(n(px - half))\" y=\"\(n(min(y1, y3)))\" width=\"\(n(2 * half))\" height=\"\(n(max(1, abs(y1 - y3))))\"/>"
                out += "<line class=\"median\" x1=\"\(n(px - half))\" y1=\"\(n(ym))\" x2=\"\(n(px + half))\" y2=\"\(n(ym))\"/>"
                if let mean = b.mean {
                    out += "<circle class=\"dot c\(style)\" cx=\"\(n(px))\" cy=\"\(n(ys.position(mean)))\" r=\"3\"/>"
                }
            }
            return out
        case .verticalRule(let x, let label, let style):
            let px = xs.position(x)
            return "<line class=\"rule c\(style)\" x1=\"\(n(px))\" y1=\"\(n(p.top))\" x2=\"\(n(px))\" y2=\"\(n(bottom))\"/>"
                + (label.isEmpty ? "" : "<title>\(HTML.escape(label))</title>")
        case .horizontalRule(let y, _, let style):
            let py = ys.position(y)
            return "<line class=\"rule c\(style)\" x1=\"\(n(p.left))\" y1=\"\(n(py))\" x2=\"\(n(p.left + p.width))\" y2=\"\(n(py))\"/>"
        case .xBand(let low, let high, _):
            let x0 = xs.position(low), x1 = xs.position(high)
            return "<rect class=\"band\" x=\"\(n(min(x0, x1)))\" y=\"\(n(p.top))\" width=\"\(n(abs(x1 - x0)))\" height=\"\(n(p.height))\"/>"
        }
    }

    /// The legend's approximate width in pixels.
    func legendWidth(_ entries: [(name: String, style: Int, kind: String)]) -> Int {
        entries.reduce(0) { $0 + 44 + 7 * $1.name.count }
    }

    func legend(_ entries: [(name: String, style: Int, kind: String)], top: Double) -> String {
        var out = ""
        var x = 66.0
        var y = top
        for e in entries {
            let w = 44.0 + 7 * Double(e.name.count)
            if x + w > width - 8 && x > 66 { x = 66; y += 18 }
            let cy = y + 8
            switch e.kind {
            case "line", "dash":
                out += "<line class=\"ln c\(e.style)\(e.kind == "dash" ? " dashed" : "")\" x1=\"\(n(x))\" y1=\"\(n(cy))\" x2=\"\(n(x + 20))\" y2=\"\(n(cy))\"/>"
            case "dot":
                out += "<circle class=\"dot c\(e.style)\" cx=\"\(n(x + 10))\" cy=\"\(n(cy))\" r=\"4\"/>"
            case "band":
                out += "<rect class=\"band\" x=\"\(n(x))\" y=\"\(n(cy - 6))\" width=\"20\" height=\"12\"/>"
            default:
                out += "<rect class=\"bar c\(e.style)\" x=\"\(n(x))\" y=\"\(n(cy - 6))\" width=\"20\" height=\"12\"/>"
            }
            out += "<text class=\"legend\" x=\"\(n(x + 26))\" y=\"\(n(cy + 4))\">\(HTML.escape(e.name))</text>"
            x += w
        }
        return out
    }

    /// A coordinate with at most one decimal.
    func n(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}

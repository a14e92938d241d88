/// A chart of Quarry's HTML reports: axes, marks, a legend, an optional zoomed panel, and the
/// title and one-line caption every chart carries. ``svg(id:)`` draws it as inline SVG.
///
/// ```swift
/// var chart = Chart(title: "Precision–recall", caption: "Higher is better; the cross is the operating point.",
///                   x: .init(label: "recall", domain: (0, 1)), y: .init(label: "precision", domain: (0, 1)))
/// chart.marks.append(.line(name: "model", points: points, style: 0))
/// chart.zoom = .init(x: (0.85, 0.95), y: (0.6, 0.9))
/// let svg = chart.svg(id: "pr")
/// ```
///
/// Colours come from the page's CSS classes `c0`…`c5` (light, dark and print palettes), so a
/// chart has no colour of its own and reads in every mode.
public struct Chart: Sendable {
    /// One axis: its label, scale kind, and domain (`nil`: fitted to the data).
    public struct Axis: Sendable {
        public var label: String
        public var kind: ChartScale.Kind
        public var domain: (low: Double, high: Double)?
        /// Category names placed at 0, 1, 2, … instead of numeric ticks.
        public var categories: [String]?

        public init(label: String, kind: ChartScale.Kind = .linear, domain: (low: Double, high: Double)? = nil,
                    categories: [String]? = nil) {
            self.label = label
            self.kind = kind
            self.domain = domain
            self.categories = categories
        }
    }

    /// A point with optional interval bounds on either axis.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var xLow: Double?, xHigh: Double?
        public var yLow: Double?, yHigh: Double?

        public init(_ x: Double, _ y: Double, xLow: Double? = nil, xHigh: Double? = nil, yLow: Double? = nil, yHigh: Double? = nil) {
            self.x = x
            self.y = y
            self.xLow = xLow
            self.xHigh = xHigh
            self.yLow = yLow
            self.yHigh = yHigh
        }
    }

    /// A histogram bin or a bar: [low, high) on x, height `value`.
    public struct Bin: Sendable, Equatable {
        public var low: Double
        public var high: Double
        public var value: Double

        public init(low: Double, high: Double, value: Double) {
            self.low = low
            self.high = high
            self.value = value
        }
    }

    /// A five-number summary drawn as a box at category position `x`.
    public struct Box: Sendable, Equatable {
        public var x: Double
        public var minimum: Double, q1: Double, median: Double, q3: Double, maximum: Double
        public var mean: Double?

        public init(x: Double, minimum: Double, q1: Double, median: Double, q3: Double, maximum: Double, mean: Double? = nil) {
            self.x = x
            self.minimum = minimum
            self.q1 = q1
            self.median = median
            self.q3 = q3
            self.maximum = maximum
            self.mean = mean
        }
    }

    /// What is drawn. `style` picks the palette colour (0…5).
    public enum Mark: Sendable {
        /// A polyline through the points, in order.
        case line(name: String, points: [Point], style: Int, dashed: Bool = false)
        /// Dots, with interval whiskers where the point has bounds.
        case points(name: String, points: [Point], style: Int)
        /// Histogram bars (translucent, so several overlay).
        case bars(name: String, bins: [Bin], style: Int)
        /// Box plots.
        case boxes(name: String, boxes: [Box], style: Int)
        /// A vertical line at `x` with a label.
        case verticalRule(x: Double, label: String, style: Int)
        /// A horizontal line at `y` with a label.
        case horizontalRule(y: Double, label: String, style: Int)
        /// A shaded x-range with a label.
        case xBand(low: Double, high: Double, label: String)

        /// The legend entry (`nil` for unnamed marks).
        var legend: (name: String, style: Int, kind: String)? {
            switch self {
            case .line(let name, _, let style, let dashed): return name.isEmpty ? nil : (name, style, dashed ? "dash" : "line")
            case .points(let name, _, let style): return name.isEmpty ? nil : (name, style, "dot")
            case .bars(let name, _, let style), .boxes(let name, _, let style): return name.isEmpty ? nil : (name, style, "box")
            case .verticalRule(_, let label, let style), .horizontalRule(_, let label, let style):
                return label.isEmpty ? nil : (label, style, "dash")
            case .xBand(_, _, let label): return label.isEmpty ? nil : (label, 5, "band")
            }
        }

        /// The data points it draws (rules and bands count none).
        var dataPoints: Int {
            switch self {
            case .line(_, let points, _, _), .points(_, let points, _): return points.count
            case .bars(_, let bins, _): return bins.count
            case .boxes(_, let boxes, _): return boxes.count
            case .verticalRule, .horizontalRule, .xBand: return 0
            }
        }

        /// The x and y values it spans, for fitting a domain.
        var extent: (xs: [Double], ys: [Double]) {
            switch self {
            case .line(_, let points, _, _), .points(_, let points, _):
                return (points.flatMap { [$0.x, $0.xLow, $0.xHigh].compactMap { $0 } },
                        points.flatMap { [$0.y, $0.yLow, $0.yHigh].compactMap { $0 } })
            case .bars(_, let bins, _): return (bins.flatMap { [$0.low, $0.high] }, bins.map(\.value))
            case .boxes(_, let boxes, _): return (boxes.map(\.x), boxes.flatMap { [$0.minimum, $0.maximum] })
            case .verticalRule(let x, _, _): return ([x], [])
            case .horizontalRule(let y, _, _): return ([], [y])
            case .xBand(let low, let high, _): return ([low, high], [])
            }
        }
    }

    /// The region a second, zoomed panel shows beside the main one.
    public struct Zoom: Sendable {
        public var x: (low: Double, high: Double)
        public var y: (low: Double, high: Double)
        public var title: String

        public init(x: (low: Double, high: Double), y: (low: Double, high: Double), title: String = "zoom on the threshold region") {
            self.x = x
            self.y = y
            self.title = title
        }
    }

    public var title: String
    /// One line saying how to read the chart.
    public var caption: String
    public var x: Axis
    public var y: Axis
    public var marks: [Mark] = []
    public var zoom: Zoom?
    /// The drawing's size in CSS pixels (it scales down with the page).
    public var width: Double = 720
    public var height: Double = 340

    public init(title: String, caption: String, x: Axis, y: Axis, marks: [Mark] = [], zoom: Zoom? = nil) {
        self.title = title
        self.caption = caption
        self.x = x
        self.y = y
        self.marks = marks
        self.zoom = zoom
    }

    /// The number of data points drawn (the report checks every chart has some).
    public var dataPoints: Int { marks.reduce(0) { $0 + $1.dataPoints } }
}

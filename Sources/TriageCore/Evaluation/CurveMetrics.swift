/// A curve with its summary metrics, as a report and `--json` print them.
///
/// Nil metrics encode as JSON `null`, so every curve object has the same keys.
public struct CurveMetrics: Sendable, Equatable {
    /// The sampled points.
    public var curve: [CurvePoint]
    /// Area under PGR over share; nil for a single operating point.
    public var apgr: Double?
    /// Smallest share reaching PGR 0.5 (a fraction, not a percent); nil if never reached.
    public var cpt50: Double?
    /// Smallest share reaching PGR 0.8; nil if never reached.
    public var cpt80: Double?

    /// Metrics as given, for decoding or for curves computed elsewhere.
    public init(curve: [CurvePoint], apgr: Double?, cpt50: Double?, cpt80: Double?) {
        self.curve = curve
        self.apgr = apgr
        self.cpt50 = cpt50
        self.cpt80 = cpt80
    }

    /// The metrics of a curve.
    public init(_ curve: QualityCurve) {
        self.init(curve: curve.points, apgr: curve.apgr, cpt50: curve.cpt(0.5), cpt80: curve.cpt(0.8))
    }
}

extension CurveMetrics: Codable {
    enum CodingKeys: String, CodingKey {
        case curve, apgr, cpt50, cpt80
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        curve = try c.decode([CurvePoint].self, forKey: .curve)
        apgr = try c.decodeIfPresent(Double.self, forKey: .apgr)
        cpt50 = try c.decodeIfPresent(Double.self, forKey: .cpt50)
        cpt80 = try c.decodeIfPresent(Double.self, forKey: .cpt80)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(curve, forKey: .curve)
        // `encode` rather than the synthesised `encodeIfPresent`: an explicit null tells a
        // reader "undefined", where a missing key would look like an older format.
        try c.encode(apgr, forKey: .apgr)
        try c.encode(cpt50, forKey: .cpt50)
        try c.encode(cpt80, forKey: .cpt80)
    }
}

/// Splits the pixels from `start` to `end` into `count` equal bands, one per bar-chart category.
struct BandScale: Equatable {
    var count: Int
    var start: Double
    var end: Double
    /// The share of each band left empty, half on each side, so neighbouring groups stand apart.
    var padding = 0.2

    var bandWidth: Double { count == 0 ? 0 : (end - start) / Double(count) }

    func bandStart(_ index: Int) -> Double { start + Double(index) * bandWidth }
    func bandCenter(_ index: Int) -> Double { bandStart(index) + bandWidth / 2 }

    /// Where the bars of band `index` begin, after the leading padding.
    func barsStart(_ index: Int) -> Double { bandStart(index) + bandWidth * padding / 2 }
    var barsWidth: Double { bandWidth * (1 - padding) }
}

import Foundation

extension Duration {
    /// In seconds, for the `Date` deadlines that condition waits take.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

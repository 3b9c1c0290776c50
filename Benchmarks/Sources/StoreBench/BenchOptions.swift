struct BenchOptions {
    var inFlight = 64
    var lanes = 2
    var rounds = 3
    var seconds = 10.0
    var recoveryEvents = 1_000_000
    var dataDirectory: String?

    init<Arguments: Sequence<String>>(_ arguments: Arguments) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--in-flight": inFlight = Int(value) ?? inFlight
            case "--lanes": lanes = Int(value) ?? lanes
            case "--rounds": rounds = max(1, Int(value) ?? rounds)
            case "--seconds": seconds = Double(value) ?? seconds
            case "--recovery-events": recoveryEvents = Int(value) ?? recoveryEvents
            case "--data-dir": dataDirectory = value
            default: print("unknown option \(flag)")
            }
        }
    }
}


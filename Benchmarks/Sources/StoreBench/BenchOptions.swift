struct BenchOptions {
    var inFlight = 64
    var seconds = 10.0
    var recoveryEvents = 1_000_000
    var dataDirectory: String?
    var databaseURL: String?

    init<Arguments: Sequence<String>>(_ arguments: Arguments) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--in-flight": inFlight = Int(value) ?? inFlight
            case "--seconds": seconds = Double(value) ?? seconds
            case "--recovery-events": recoveryEvents = Int(value) ?? recoveryEvents
            case "--data-dir": dataDirectory = value
            case "--database-url": databaseURL = value
            default: print("unknown option \(flag)")
            }
        }
        if databaseURL == nil, let url = ProcessInfo.processInfo.environment["OMS_DATABASE_URL"], !url.isEmpty {
            databaseURL = url
        }
    }
}

import Foundation

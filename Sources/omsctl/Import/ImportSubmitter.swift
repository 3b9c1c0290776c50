import OMSClient
import OMSProto

/// What became of one order of the file.
struct ImportOutcome: Sendable {
    enum Result: Sendable {
        case created(orderID: String)
        case alreadyThere(orderID: String)
        case failed(code: String, message: String, violations: [Oms_V1_FieldViolation], line: Int?)
    }

    var lines: [Int]
    var businessKey: String
    var result: Result
}

/// Submits parsed orders with a bounded number of calls in flight, so a large
/// file neither runs one call at a time nor floods the daemon.
enum ImportSubmitter {
    static func submit(_ orders: [ImportedOrder], client: OMSClient, inFlight: Int) async -> [ImportOutcome] {
        var outcomes: [ImportOutcome] = []
        var pending: [(lines: [Int], request: Oms_V1_SubmitOrderRequest)] = []
        for order in orders {
            switch order.request {
            case .success(let request):
                pending.append((order.lines, request))
            case .failure(let error):
                outcomes.append(ImportOutcome(
                    lines: order.lines, businessKey: order.businessKey,
                    result: .failed(code: "INVALID_ARGUMENT", message: error.message, violations: [], line: error.line)
                ))
            }
        }
        await withTaskGroup(of: ImportOutcome.self) { group in
            var next = pending.makeIterator()
            func addNext() {
                guard let (lines, request) = next.next() else { return }
                group.addTask { await submitOne(request, lines: lines, client: client) }
            }
            for _ in 0..<max(1, inFlight) { addNext() }
            for await outcome in group {
                outcomes.append(outcome)
                addNext()
            }
        }
        return outcomes.sorted { ($0.lines.first ?? 0) < ($1.lines.first ?? 0) }
    }

    private static func submitOne(_ request: Oms_V1_SubmitOrderRequest, lines: [Int], client: OMSClient) async -> ImportOutcome {
        let key = "\(request.sourceSystem)/\(request.externalOrderID)"
        do {
            let response: Oms_V1_SubmitOrderResponse = try await client.unary("oms.v1.OrderService/Submit", request)
            let orderID = response.order.orderID
            return ImportOutcome(lines: lines, businessKey: key, result: response.created ? .created(orderID: orderID) : .alreadyThere(orderID: orderID))
        } catch let error as RPCError {
            let violations = error.details.compactMap { detail -> Oms_V1_FieldViolation? in
                if case .fieldViolation(let violation) = detail.kind { return violation }
                return nil
            }
            return ImportOutcome(lines: lines, businessKey: key, result: .failed(
                code: "\(error.code)", message: error.message, violations: violations, line: nil))
        } catch {
            return ImportOutcome(lines: lines, businessKey: key, result: .failed(
                code: "UNKNOWN", message: "\(error)", violations: [], line: nil))
        }
    }
}

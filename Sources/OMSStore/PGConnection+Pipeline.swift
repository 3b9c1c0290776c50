internal import CLibPQ

/// The outcome of a pipelined batch when it failed.
public struct PipelineFailure: Error, Sendable {
    /// The error, classified.
    public var error: StoreError
    /// Index of the statement the server rejected; nil when the connection
    /// broke instead (then later statements may or may not have run).
    public var failedIndex: Int?
}

extension PGConnection {
    /// Sends all statements in libpq pipeline mode (one round trip), then one
    /// sync, and reads every result. Returns the affected-row count of each
    /// statement. After a server error the remaining statements are skipped by
    /// the server (PGRES_PIPELINE_ABORTED); the first error is thrown once the
    /// pipeline is drained, so the connection is left usable.
    public func runPipeline(_ statements: [PGStatement]) throws(PipelineFailure) -> [Int] {
        let conn: OpaquePointer
        do { conn = try liveHandle() } catch { throw PipelineFailure(error: error, failedIndex: nil) }
        guard PQenterPipelineMode(conn) == 1 else {
            throw PipelineFailure(error: connectionError("cannot enter pipeline mode"), failedIndex: nil)
        }
        for statement in statements {
            let sent: Int32
            do {
                sent = try withParameters(statement) { types, values, lengths, formats, count in
                    switch statement {
                    case .sql(let sql, _):
                        PQsendQueryParams(conn, sql, count, types, values, lengths, formats, 0)
                    case .prepared(let name, _):
                        PQsendQueryPrepared(conn, name, count, values, lengths, formats, 0)
                    }
                }
            } catch {
                // Refused before sending: the transaction is abandoned as rejected, not as a lost connection.
                throw abandon(error.message, failure: PipelineFailure(error: error, failedIndex: nil))
            }
            guard sent == 1 else { throw abandon("sending a pipelined statement failed") }
        }
        guard PQpipelineSync(conn) == 1 else { throw abandon("sending the pipeline sync failed") }
        return try drainPipeline(conn, expected: statements.count)
    }

    private func drainPipeline(_ conn: OpaquePointer, expected: Int) throws(PipelineFailure) -> [Int] {
        var affected: [Int] = []
        affected.reserveCapacity(expected)
        var firstFailure: PipelineFailure?
        var consecutiveNulls = 0
        while true {
            // NULL separates the results of successive statements; two in a row
            // means libpq has nothing more to give (the connection broke).
            guard let result = PQgetResult(conn) else {
                consecutiveNulls += 1
                if consecutiveNulls >= 2 || PQstatus(conn) != CONNECTION_OK {
                    throw abandon("connection lost during pipeline", failure: firstFailure)
                }
                continue
            }
            consecutiveNulls = 0
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_PIPELINE_SYNC:
                PQexitPipelineMode(conn)
                if let firstFailure { throw firstFailure }
                return affected
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                affected.append(Int(String(cString: PQcmdTuples(result))) ?? 0)
            case PGRES_PIPELINE_ABORTED:
                affected.append(0)
            default:
                if firstFailure == nil {
                    firstFailure = PipelineFailure(error: error(from: result), failedIndex: affected.count)
                }
                affected.append(0)
                if PQstatus(conn) != CONNECTION_OK {
                    throw abandon("connection lost during pipeline", failure: firstFailure)
                }
            }
        }
    }

    /// The connection's pipeline state is unknown: drop it so the next use
    /// reconnects from scratch.
    private func abandon(_ context: String, failure: PipelineFailure? = nil) -> PipelineFailure {
        var error = connectionError(context)
        if let failure, failure.error.kind == .rejected {
            // The server rejected a statement before the break: nothing committed.
            error = failure.error
        }
        close()
        return PipelineFailure(error: error, failedIndex: failure?.failedIndex)
    }
}

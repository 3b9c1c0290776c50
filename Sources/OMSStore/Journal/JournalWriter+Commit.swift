extension JournalWriter {
    /// Commits a batch in one transaction. If the server rejects it, the batch
    /// is rolled back and its units are retried one transaction each, so only
    /// the offending unit (and what follows it in the same shard, which then
    /// no longer continues the journal) fails.
    func commit(_ units: [JournalUnit], on connection: PGConnection) {
        let outcome = runTransaction(units, on: connection)
        switch outcome {
        case .committed:
            state.withLock { $0.batchCommitted() }
            complete(units, with: .success(JournalAck(batchUnits: units.count)))
        case .connectionLost(let error):
            connectionLost(failing: units, error: error, connection: connection)
        case .rejected(let error) where units.count == 1:
            counted.withLock { $0.unitsFailed += 1 }
            state.withLock { _ = $0.batchFailed(connectionLost: false, now: .now) }
            complete(units, with: .failure(error))
        case .rejected:
            isolate(units, on: connection)
        }
    }

    private enum Outcome {
        case committed
        case rejected(StoreError)
        case connectionLost(StoreError)
    }

    /// Counts what it commits in `statistics` (failures are counted by the callers,
    /// which know whether a rejected batch is retried unit by unit).
    private func runTransaction(_ units: [JournalUnit], on connection: PGConnection) -> Outcome {
        let started = ContinuousClock.now
        let statements: [PGStatement]
        switch JournalStatements.transaction(for: units) {
        case .success(let built): statements = built
        case .failure(let error): return .rejected(error)
        }
        do {
            _ = try connection.runPipeline(statements)
            let took = ContinuousClock.now - started
            counted.withLock { $0.committed(units, in: took) }
            return .committed
        } catch {
            if error.error.kind == .unavailable || !connection.isHealthy {
                var lost = error.error
                lost.kind = .unavailable
                // No server error before the break: COMMIT may have run.
                lost.commitOutcomeUnknown = error.failedIndex == nil
                connection.close()
                return .connectionLost(lost)
            }
            // The explicit transaction is aborted, not ended: end it.
            do {
                try connection.execute("ROLLBACK")
            } catch {
                connection.close()
                return .connectionLost(error)
            }
            return .rejected(error.error)
        }
    }

    private func isolate(_ units: [JournalUnit], on connection: PGConnection) {
        for (index, unit) in units.enumerated() {
            switch runTransaction([unit], on: connection) {
            case .committed:
                unit.completion(.success(JournalAck(batchUnits: 1)))
            case .rejected(let error):
                counted.withLock { $0.unitsFailed += 1 }
                unit.completion(.failure(error))
            case .connectionLost(let error):
                connectionLost(failing: Array(units[index...]), error: error, connection: connection)
                return
            }
        }
        state.withLock { _ = $0.batchFailed(connectionLost: false, now: .now) }
    }

    private func connectionLost(failing units: [JournalUnit], error: StoreError, connection: PGConnection) {
        connection.close()
        let queued = state.withLock { $0.batchFailed(connectionLost: true, now: .now) }
        counted.withLock { totals in
            totals.connectionsLost += 1
            totals.unitsFailed += UInt64(units.count + queued.count)
        }
        logger.warning("journal writer lost its connection", metadata: ["error": "\(error)"])
        complete(units, with: .failure(error))
        let queuedError = StoreError(kind: .unavailable, message: "connection to PostgreSQL lost before commit")
        complete(queued, with: .failure(queuedError))
    }

    private func complete(_ units: [JournalUnit], with result: Result<JournalAck, StoreError>) {
        for unit in units { unit.completion(result) }
    }
}

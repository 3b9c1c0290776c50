internal import Foundation

extension JournalWriter {
    /// The writer thread's body: ask the state machine, do what it says.
    func runLoop() {
        var connection: PGConnection?
        while true {
            switch nextAction() {
            case .exit:
                connection?.close()
                logger.debug("journal writer stopped")
                return
            case .connect:
                connection = connect(reusing: connection)
            case .commit(let units):
                guard let current = connection else {
                    preconditionFailure("commit without a connection")
                }
                commit(units, on: current)
            case .waitForWork, .waitUntil:
                preconditionFailure("waits are handled in nextAction()")
            }
        }
    }

    /// Blocks under the lock until there is something to do.
    private func nextAction() -> Machine.WriterAction {
        state.waitFor { machine in
            let action = machine.nextAction(now: .now)
            switch action {
            case .waitForWork:
                return (nil, nil)
            case .waitUntil(let deadline):
                return (nil, Date(timeIntervalSinceNow: max(0, (deadline - .now).timeInterval)))
            case .commit, .connect, .exit:
                return (action, nil)
            }
        }
    }

    private func connect(reusing connection: PGConnection?) -> PGConnection? {
        do {
            let live: PGConnection
            if let connection {
                try connection.reconnect()
                live = connection
            } else {
                live = try PGConnection(connectionString: connectionString)
                for statement in preparedStatements { try live.prepare(statement) }
            }
            state.withLock { $0.connected() }
            logger.info("journal writer connected")
            return live
        } catch {
            let attempt = state.withLock { machine -> Int in
                if case .connecting(let attempt) = machine.phase {
                    machine.connectFailed(now: .now)
                    return attempt
                }
                return 0
            }
            if attempt == 0 || attempt.isMultiple(of: 20) {
                logger.warning("journal writer cannot connect; retrying", metadata: ["error": "\(error)"])
            }
            return connection
        }
    }
}

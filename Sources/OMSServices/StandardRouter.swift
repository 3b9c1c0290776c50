public import OMSRPC

extension RPCRouter {
    /// The daemon's router: every service, plus `extra` (tests add their own methods).
    public static func standard(
        health: HealthRegistry,
        environment: ServerEnvironment,
        counters: ServerCounters,
        auth: any AuthPolicy = AllowAll(),
        extra: (inout RPCRouter) -> Void = { _ in }
    ) -> RPCRouter {
        var router = RPCRouter(auth: auth)
        router.register(HealthService(registry: health))
        router.register(ServerInfoService(environment: environment, counters: counters))
        extra(&router)
        environment.methods = router.methods
        return router
    }
}

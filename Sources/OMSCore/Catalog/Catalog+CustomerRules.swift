import OMSProto

extension Catalog {
    /// A customer: id; priority 0 (normal) or 1...100.
    func validatedCustomer(_ input: Oms_V1_Customer) throws(DomainError) -> Oms_V1_Customer {
        let customer = input.withoutServerFields
        try CatalogFieldCheck.required(customer.customerID, "customer.customer_id")
        if customer.priority > 100 {
            throw .invalid(
                "customer.priority", "must be 1 (lowest) to 100 (highest), or 0 = normal; got \(customer.priority)")
        }
        return customer
    }
}

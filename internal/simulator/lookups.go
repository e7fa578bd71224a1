package simulator

// DefaultLookups is the setup tables of a fresh site: company types and statuses,
// agreement types, product categories, subcategories, types, units of measure and
// manufacturers. It has no companies, agreements or catalog items. Ids are fixed.
func DefaultLookups() *Dataset {
	d := &Dataset{}
	for i, n := range []string{"Client", "Prospect", "Vendor", "Partner", "Competitor"} {
		d.CompanyTypes = append(d.CompanyTypes, map[string]any{
			"id": i + 1, "name": n, "defaultFlag": n == "Client", "vendorFlag": n == "Vendor", "serviceAlertFlag": false,
		})
	}
	for i, n := range []string{"Active", "Inactive", "Not-Approved", "Credit Hold", "Imported"} {
		d.CompanyStatuses = append(d.CompanyStatuses, map[string]any{
			"id": i + 1, "name": n, "defaultFlag": n == "Active", "inactiveFlag": n == "Inactive",
			"notifyFlag": n == "Credit Hold", "disallowSavingFlag": false, "customNoteFlag": false, "cancelOpenTracksFlag": false,
		})
	}
	for i, n := range []string{"Managed Services", "Block Time", "SaaS Resale"} {
		d.AgreementTypes = append(d.AgreementTypes, map[string]any{
			"id": i + 1, "name": n, "defaultFlag": i == 0, "inactiveFlag": false, "prePaymentFlag": n == "Block Time",
			"employeeCompRate": "Actual", "employeeCompNotExceed": "Billing", "invoicingCycle": "CalendarYear",
			"billTime": "Billable", "billExpenses": "Billable", "billProducts": "Billable",
			"prorateFlag": true, "taxableFlag": false, "billingCycle": map[string]any{"id": 2, "name": "Monthly"},
		})
	}
	d.Categories = []map[string]any{
		{"id": 1, "name": "Cloud Services", "inactiveFlag": false, "defaultFlag": false},
		{"id": 2, "name": "Hardware", "inactiveFlag": false, "defaultFlag": true},
		{"id": 3, "name": "Professional Services", "inactiveFlag": false, "defaultFlag": false},
	}
	subs := []struct {
		name string
		cat  int
	}{
		{"SaaS Licences", 1}, {"Security", 1}, {"Backup", 1},
		{"Servers", 2}, {"Networking", 2},
		{"Onboarding", 3},
	}
	cats := map[int]string{1: "Cloud Services", 2: "Hardware", 3: "Professional Services"}
	for i, sc := range subs {
		d.Subcategories = append(d.Subcategories, map[string]any{
			"id": i + 1, "name": sc.name, "inactiveFlag": false, "defaultFlag": false,
			"category": map[string]any{"id": sc.cat, "name": cats[sc.cat]},
		})
	}
	for i, t := range []struct{ name, xref string }{
		{"Non-Inventory", "NonInventoryPart"}, {"Service", "Service"}, {"Agreement", "OtherCharge"},
	} {
		d.ProductTypes = append(d.ProductTypes, map[string]any{
			"id": i + 1, "name": t.name, "typeXref": t.xref, "inactiveFlag": false, "defaultFlag": i == 0,
		})
	}
	for i, n := range []string{"Each", "User", "Server", "Month"} {
		d.UnitOfMeasures = append(d.UnitOfMeasures, map[string]any{
			"id": i + 1, "name": n, "inactiveFlag": false, "defaultFlag": n == "Each",
		})
	}
	for i, n := range []string{"NordLayer", "Check Point", "Acme Backup"} {
		d.Manufacturers = append(d.Manufacturers, map[string]any{"id": i + 1, "name": n, "inactiveFlag": false})
	}
	return d
}

package simulator

import (
	"fmt"
	"math/rand"
	"strings"
	"unicode"
)

// Id ranges of demo records. They differ per kind so that a client which passes a
// company id where an agreement id belongs gets a 404 instead of a lucky match.
const (
	demoCompanyBase   = 19300
	demoAgreementBase = 700
	demoCatalogBase   = 300
	demoAdditionBase  = 9000
)

// awkwardNames are company names that break naive quoting: quotes, backslashes, the like
// wildcard and non-ASCII text. DemoData always includes them (when n allows).
var awkwardNames = []string{
	`O'Brien & "Sons" Ltd`,
	`Back\Slash IT Services`,
	`Star*Tech Solutions`,
	`Müller Straße GmbH`,
	`東京ソリューションズ株式会社`,
	`Café Crème Networks`,
}

var (
	namePrefixes = []string{"Northwind", "Contoso", "Blue Harbor", "Summit", "Redwood", "Pinecrest", "Ironbridge",
		"Silverline", "Oakfield", "Brightwater", "Granite", "Maple Leaf", "Harborview", "Evergreen", "Lakeside", "Cedar"}
	nameMiddles  = []string{"Dental", "Logistics", "Legal", "Accounting", "Veterinary", "Manufacturing", "Realty", "Clinic", "Engineering", "Marketing"}
	nameSuffixes = []string{"Group", "LLC", "Inc.", "Partners", "Ltd", "& Co", "Associates", "Holdings"}
	cities       = []string{"Tampa", "Austin", "Denver", "Leeds", "Toronto", "Sydney", "Dublin", "Boston"}
)

// DemoData is DefaultLookups plus n companies (mixed types and statuses, about 5% in the
// recycle bin), one or two agreements per client company (mostly Active, some Cancelled,
// some Expired), a catalog of 15 items (3 inactive) and a few additions, one agreement
// carrying two additions for the same product. Same (seed, n), same data.
func DemoData(seed int64, n int) *Dataset {
	rng := rand.New(rand.NewSource(seed)) //nolint:gosec // G404: demo data is deliberately seeded and deterministic, not security-sensitive
	d := DefaultLookups()
	d.Catalog = demoCatalog(d)
	usedIdent := map[string]bool{}
	agID := demoAgreementBase
	for i := 0; i < n; i++ {
		id := demoCompanyBase + i
		name := demoName(rng, i)
		c := map[string]any{
			"id": id, "identifier": demoIdentifier(name, usedIdent), "name": name,
			"city": cities[rng.Intn(len(cities))], "addressLine1": fmt.Sprintf("%d Main Street", 1+rng.Intn(900)),
			"phoneNumber": fmt.Sprintf("555-%04d", rng.Intn(10000)), "deletedFlag": false,
		}
		types := demoTypes(rng, d)
		c["types"] = types
		c["status"] = pick(rng, d.CompanyStatuses, []float64{0.85, 0.05, 0.03, 0.04, 0.03})
		if rng.Float64() < 0.05 {
			c["deletedFlag"] = true
			c["dateDeleted"] = "2025-05-02T10:00:00Z"
			c["deletedBy"] = uiMember
		}
		d.Companies = append(d.Companies, c)
		if c["deletedFlag"] == true || !hasType(types, "Client") {
			continue
		}
		for k := 0; k < 1+rng.Intn(2); k++ {
			d.Agreements = append(d.Agreements, demoAgreement(rng, d, c, agID))
			agID++
		}
	}
	d.Additions = demoAdditions(rng, d)
	return d
}

func demoName(rng *rand.Rand, i int) string {
	if i >= 1 && i <= len(awkwardNames) {
		return awkwardNames[i-1]
	}
	name := fmt.Sprintf("%s %s %s", namePrefixes[rng.Intn(len(namePrefixes))],
		nameMiddles[rng.Intn(len(nameMiddles))], nameSuffixes[rng.Intn(len(nameSuffixes))])
	return name
}

// demoIdentifier derives a unique identifier of at most 30 characters from a name.
func demoIdentifier(name string, used map[string]bool) string {
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	base := b.String()
	if base == "" {
		base = "Company"
	}
	if len(base) > 24 {
		base = base[:24]
	}
	ident := base
	for k := 2; used[strings.ToLower(ident)]; k++ {
		ident = fmt.Sprintf("%s%d", base, k)
	}
	used[strings.ToLower(ident)] = true
	return ident
}

func demoTypes(rng *rand.Rand, d *Dataset) []any {
	first := pick(rng, d.CompanyTypes, []float64{0.75, 0.10, 0.08, 0.04, 0.03})
	types := []any{first}
	if first["name"] == "Client" && rng.Float64() < 0.1 {
		types = append(types, nameRef(d.CompanyTypes[3])) // Partner too
	}
	return types
}

// pick chooses a lookup by weights and returns a reference to it.
func pick(rng *rand.Rand, list []map[string]any, weights []float64) map[string]any {
	x := rng.Float64()
	for i, w := range weights {
		if x < w || i == len(list)-1 {
			return nameRef(list[i])
		}
		x -= w
	}
	return nameRef(list[0])
}

func hasType(types []any, name string) bool {
	for _, t := range types {
		if m, ok := t.(map[string]any); ok && m["name"] == name {
			return true
		}
	}
	return false
}

func demoAgreement(rng *rand.Rand, d *Dataset, c map[string]any, id int) map[string]any {
	typ := d.AgreementTypes[[]int{0, 2, 2, 1}[rng.Intn(4)]]
	name := fmt.Sprintf("%s - %s", typ["name"], c["name"])
	if len([]rune(name)) > 100 {
		name = string([]rune(name)[:100])
	}
	a := map[string]any{
		"id": id, "name": name,
		"type":      nameRef(typ),
		"company":   companyRef(c),
		"contact":   map[string]any{"id": id + 50000, "name": "Primary Contact"},
		"startDate": "2025-01-01T00:00:00Z", "noEndingDateFlag": true, "cancelledFlag": false,
		"billingCycle": map[string]any{"id": 2, "name": "Monthly"}, "prorateFlag": true,
		"employeeCompRate": "Actual", "employeeCompNotExceed": "Billing", "invoicingCycle": "CalendarYear",
		"billTime": "Billable", "billExpenses": "Billable", "billProducts": "Billable",
		"applicationUnits": "Amount", "agreementStatus": "Active",
		"billStartDate": "2025-01-01T00:00:00Z", "currency": demoCurrency(),
		// DemoData has no clock, so the invoicing state is fixed: December 2025 is the
		// last period invoiced. The agreements prorate, so later additions still bill.
		"nextInvoiceDate": "2026-01-01T00:00:00Z",
	}
	switch x := rng.Float64(); {
	case x < 0.10:
		a["cancelledFlag"] = true
		a["dateCancelled"] = "2025-03-31T00:00:00Z"
		a["reasonCancelled"] = "Customer moved to another provider"
		a["agreementStatus"] = "Cancelled"
		a["nextInvoiceDate"] = "2025-04-01T00:00:00Z" // invoiced up to the cancellation
	case x < 0.20:
		a["noEndingDateFlag"] = false
		a["endDate"] = "2025-06-30T00:00:00Z"
		a["agreementStatus"] = "Expired"
		a["nextInvoiceDate"] = "2025-07-01T00:00:00Z" // invoiced up to the end date
	}
	return a
}

func demoCurrency() map[string]any {
	return map[string]any{"id": 1, "currencyCode": "USD", "name": "US Dollar", "symbol": "$"}
}

func demoCatalog(d *Dataset) []map[string]any {
	items := []struct {
		ident, desc           string
		sub, typ, uom, mfr    int
		price, cost           float64
		inactive, taxable     bool
		class, partNumber, cd string
	}{
		{"NL-CORE-USER", "NordLayer Core licence", 1, 1, 2, 1, 9.00, 6.00, false, false, "NonInventory", "NL-CORE", "NordLayer Core, per user per month"},
		{"NL-PREMIUM-USER", "NordLayer Premium licence", 1, 1, 2, 1, 14.00, 9.50, false, false, "NonInventory", "NL-PREM", "NordLayer Premium, per user per month"},
		{"NL-DEDICATED-SERVER", "NordLayer dedicated server", 2, 1, 3, 1, 55.00, 40.00, false, false, "NonInventory", "NL-DS", "NordLayer dedicated server with fixed IP"},
		{"CP-SASE-ADV-USER", "Check Point SASE Advanced", 2, 1, 2, 2, 12.00, 8.00, false, false, "NonInventory", "CP-SASE-ADV", "Check Point SASE Advanced, per user"},
		{"CP-SASE-ENT-USER", "Check Point SASE Enterprise", 2, 1, 2, 2, 18.00, 12.50, false, false, "NonInventory", "CP-SASE-ENT", "Check Point SASE Enterprise, per user"},
		{"CP-DEDICATED-GW", "Check Point dedicated gateway", 2, 1, 3, 2, 70.00, 52.00, false, false, "NonInventory", "CP-GW", "Check Point SASE dedicated gateway"},
		{"ACME-BACKUP-50GB", "Acme Backup 50 GB", 3, 1, 2, 3, 4.00, 2.20, false, false, "NonInventory", "AB-50", "Acme cloud backup, 50 GB per user"},
		{"ACME-BACKUP-1TB", "Acme Backup 1 TB", 3, 1, 4, 3, 45.00, 30.00, false, false, "NonInventory", "AB-1TB", "Acme cloud backup, 1 TB pool"},
		{"ACME-BACKUP-SERVER", "Acme Backup server agent", 3, 1, 3, 3, 25.00, 15.00, false, false, "NonInventory", "AB-SRV", "Acme server backup agent"},
		{"M365-BUSINESS-PREMIUM", "Microsoft 365 Business Premium", 1, 3, 2, 0, 22.00, 19.80, false, true, "Agreement", "", "Microsoft 365 Business Premium, monthly"},
		{"ONBOARDING-FEE", "Onboarding fee", 6, 2, 1, 0, 250.00, 0, false, true, "Service", "", "One-time onboarding"},
		{"MANAGED-FIREWALL", "Managed firewall service", 2, 2, 4, 0, 95.00, 35.00, false, true, "Service", "", "Managed firewall, per site per month"},
		{"FW-APPLIANCE-100", "Firewall appliance 100", 5, 1, 1, 2, 899.00, 650.00, true, true, "Inventory", "CP-1570", "Firewall appliance (discontinued)"},
		{"LEGACY-VPN-USER", "Legacy VPN user", 1, 1, 2, 0, 5.00, 3.00, true, false, "NonInventory", "", "Legacy VPN (retired)"},
		{"NL-TEAMS-LEGACY", "NordLayer Teams (legacy plan)", 1, 1, 2, 1, 7.00, 5.00, true, false, "NonInventory", "NL-TEAMS", "NordLayer Teams legacy plan"},
	}
	var out []map[string]any
	for i, it := range items {
		sub := d.Subcategories[it.sub-1]
		o := map[string]any{
			"id": demoCatalogBase + i, "identifier": it.ident, "description": it.desc, "customerDescription": it.cd,
			"subcategory": nameRef(sub), "category": sub["category"], "type": nameRef(d.ProductTypes[it.typ-1]),
			"unitOfMeasure": nameRef(d.UnitOfMeasures[it.uom-1]), "price": it.price, "cost": it.cost,
			"inactiveFlag": it.inactive, "taxableFlag": it.taxable, "productClass": it.class,
		}
		if it.mfr > 0 {
			o["manufacturer"] = nameRef(d.Manufacturers[it.mfr-1])
		}
		if it.partNumber != "" {
			o["manufacturerPartNumber"] = it.partNumber
		}
		out = append(out, o)
	}
	return out
}

// demoAdditions puts a few additions on the first active agreements, including one
// duplicate (two additions for the same product on one agreement) and one cancelled.
func demoAdditions(rng *rand.Rand, d *Dataset) []map[string]any {
	var active []map[string]any
	for _, a := range d.Agreements {
		if a["agreementStatus"] == "Active" {
			active = append(active, a)
		}
	}
	var out []map[string]any
	id := demoAdditionBase
	add := func(ag, item map[string]any, qty float64, cancelled bool) {
		price, cost := item["price"].(float64), item["cost"].(float64)
		a := map[string]any{
			"id": id, "agreementId": ag["id"], "product": productRef(item),
			"quantity": qty, "lessIncluded": 0.0, "unitPrice": price, "unitCost": cost,
			"billCustomer": "Billable", "effectiveDate": "2025-01-01T00:00:00Z", "taxableFlag": item["taxableFlag"],
			"description": item["description"], "uom": item["unitOfMeasure"].(map[string]any)["name"],
			"extPrice": round2(qty * price), "extCost": round2(qty * cost), "margin": round2(qty * (price - cost)),
			"agreementStatus": "Active",
		}
		if cancelled {
			a["cancelledDate"] = "2025-04-30T00:00:00Z"
			a["agreementStatus"] = "Cancelled"
		}
		out = append(out, a)
		id++
	}
	for i, ag := range active {
		if i >= 6 {
			break
		}
		item := d.Catalog[rng.Intn(9)] // vendor SaaS items
		add(ag, item, float64(1+rng.Intn(50)), false)
		switch i {
		case 1:
			add(ag, item, float64(1+rng.Intn(50)), false) // the duplicate a person must resolve
		case 2:
			add(ag, d.Catalog[rng.Intn(9)], float64(1+rng.Intn(10)), true)
		}
	}
	return out
}

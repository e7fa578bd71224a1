package billing

import "time"

// Customer maps one vendor organization to a ConnectWise company and one of its agreements.
type Customer struct {
	OrganizationID   string
	OrganizationName string
	CompanyID        int
	AgreementID      int
	SyncEnabled      bool
	// BillingCycle is the cycle the mapping allows its agreement to bill on (one of
	// [Cycles]; "" is Monthly). The sync writes only when the agreement's billingCycle is
	// that cycle: numbers meant for a month are never written to a yearly agreement unasked.
	BillingCycle string
}

// Product maps one vendor SKU to a ConnectWise catalog item. The addition settings are the
// ones the user chose to own: nil (or "" for BillCustomer) means not owned, so the field is
// never compared and never written (a person may set it in the ConnectWise UI).
type Product struct {
	VendorSKU             string
	CatalogItemID         int
	CatalogItemIdentifier string

	UnitPrice    *float64
	UnitCost     *float64
	LessIncluded *float64
	BillCustomer string // Billable, DoNotBill or NoCharge
	Taxable      *bool

	// Currency is the ISO 4217 code of UnitPrice and UnitCost ("" when not declared). A
	// price is never written to an agreement in another currency.
	Currency string
	// InvoiceDescription is the customer-facing text of created additions; "" takes the
	// catalog item's customer description.
	InvoiceDescription string

	// Defaults for created additions only (the integration's billing defaults): used when
	// the owned setting above is unset, and never compared or written on an update.
	DefaultBillCustomer string
	DefaultTaxable      *bool
}

// Agreement is the part of a ConnectWise agreement the sync looks at.
type Agreement struct {
	ID            int
	CompanyID     int
	CompanyName   string // for reports only
	Name          string
	Status        string // agreementStatus: Active, Cancelled, Expired, Inactive
	CancelledFlag bool
	StartDate     *time.Time // nil: unknown, no restriction
	EndDate       *time.Time // nil: no ending date (noEndingDateFlag) or unknown

	// The billing calendar (see [AgreementPeriod]).
	BillingCycle    string     // billingCycle/name; "" (not read) is Monthly
	InvoicingCycle  string     // invoicingCycle: ContractYear or CalendarYear ("" is CalendarYear)
	BillStartDate   *time.Time // billStartDate: no addition may be effective before it
	NextInvoiceDate *time.Time // nextInvoiceDate: the periods before it are invoiced
	Prorate         bool       // prorateFlag: additions inside an invoiced period are prorated onto the next invoice
	OneTime         bool       // oneTimeFlag
	BillOneTime     bool       // billOneTimeFlag

	Currency   string // currency/currencyCode; "" when the agreement carries none
	ParentID   int    // parentAgreement/id: a child agreement bills on its parent's invoice
	ParentName string // parentAgreement/name, for reports
}

// Addition is one ConnectWise agreement addition, as read from
// /finance/agreements/{id}/additions.
type Addition struct {
	ID          int
	AgreementID int
	ProductID   int // product/id: the catalog item
	Quantity    float64

	UnitPrice    *float64
	UnitCost     *float64
	LessIncluded *float64
	BillCustomer string
	Taxable      *bool

	AgreementStatus string // the addition's own status: Active, Cancelled, Expired, Inactive
	CancelledDate   *time.Time
	EffectiveDate   *time.Time
	Description     string
	// InvoiceDescription is the addition's invoiceDescription, for reports.
	InvoiceDescription string
}

// Usage is what the vendor reports: organization ID -> vendor SKU -> quantity.
type Usage map[string]map[string]float64

// AbsentUsage says what a customer or SKU missing from [Usage] means.
type AbsentUsage string

const (
	// AbsentSkip (the default, also for "") skips the line: missing data is not zero.
	AbsentSkip AbsentUsage = "skip"
	// AbsentZero treats missing usage as quantity 0.
	AbsentZero AbsentUsage = "zero"
)

// Options of one run.
type Options struct {
	// AsOf is the time of the run: it decides the billing period (see [BillingPeriod]),
	// against which agreements and additions are judged. It must be set; with the zero
	// time every line is skipped.
	AsOf time.Time
	// AbsentUsage is "skip" (or "") or "zero"; any other value behaves as "skip".
	AbsentUsage AbsentUsage
	// IntegrationName names the integration in reports, and in the description of the
	// additions older versions created (still recognised, see [Duplicates]).
	IntegrationName string
}

// Input is everything [Plan] needs. Plan does not modify it.
type Input struct {
	Customers []Customer
	Products  []Product
	Usage     Usage
	Options   Options
	// Agreements by ID; an ID missing here means the agreement was not found (deleted, or
	// hidden from the API member).
	Agreements map[int]Agreement
	// Additions by agreement ID: all current additions of that agreement (any product,
	// any status). The map key is authoritative; Addition.AgreementID is not consulted.
	Additions map[int][]Addition
	// Companies by ID: the mapped companies; an ID missing here means not found (deleted, or
	// hidden from the API member).
	Companies map[int]Company
	// CatalogItems by ID: the mapped catalog items; an ID missing here means not found.
	CatalogItems map[int]CatalogItem
}

// Kind of a [Change].
type Kind string

// The kinds of change. Only Create and Update write.
const (
	Create   Kind = "create"   // POST Change.New to the agreement's additions
	Update   Kind = "update"   // PATCH Change.Fields of addition Change.AdditionID
	None     Kind = "none"     // up to date, or nothing billed and nothing used
	Skip     Kind = "skip"     // not synced; Change.Reason says why
	Conflict Kind = "conflict" // the period's additions need a person (see Change.ConflictIDs)
)

// Field names of [FieldChange], as the API spells them (PATCH paths), in the fixed order
// in which they appear in Change.Fields.
const (
	FieldQuantity     = "quantity"
	FieldUnitPrice    = "unitPrice"
	FieldUnitCost     = "unitCost"
	FieldLessIncluded = "lessIncluded"
	FieldBillCustomer = "billCustomer"
	FieldTaxable      = "taxableFlag"
)

// FieldChange is one owned field to PATCH. Old is the addition's current value and New the
// value to write: float64 for the numeric fields, string for billCustomer, bool for
// taxableFlag. Old is nil when the addition has no value for the field; New is never nil.
type FieldChange struct {
	Field string
	Old   any
	New   any
}

// NewAddition is the addition to POST to /finance/agreements/{Change.AgreementID}/additions.
// Numbers are already rounded to [Decimals]; nil fields are not sent.
type NewAddition struct {
	ProductID     int // product/id
	Quantity      float64
	BillCustomer  string // the product's setting, "Billable" when it has none
	UnitPrice     *float64
	UnitCost      *float64
	LessIncluded  *float64
	Taxable       *bool
	EffectiveDate time.Time // from the agreement's billing calendar ([AgreementBilling].Effective), UTC
	// Description and InvoiceDescription are the customer-facing text (the product
	// mapping's invoice_description, else the catalog item's customer description); both
	// are set because which one an invoice template prints is the site's choice. "" leaves
	// them to ConnectWise, which takes the catalog item's.
	Description        string
	InvoiceDescription string
}

// Change is one line of the plan: one per enabled or disabled customer and product.
type Change struct {
	Kind Kind

	OrganizationID   string
	OrganizationName string
	SKU              string
	CompanyID        int
	AgreementID      int
	CatalogItemID    int
	// Period is the billing period of the agreement the line was judged against (the zero
	// Period when the line was skipped before the agreement's calendar was read).
	Period Period

	// AdditionID is the single live addition of the period for the product on the
	// agreement (the one updated or left alone); 0 when there is none or there are several.
	AdditionID int
	// RelatedAgreementID is set on a Conflict between a parent agreement and its child that
	// both map the product: the other agreement's ID. A person resolves it in the mappings,
	// not in the additions.
	RelatedAgreementID int
	// ConflictIDs lists the additions a person must look at, sorted (Conflict only): every
	// live and cancelled-in-the-period addition of the product, or, when none is and a
	// create is wanted, the additions that start after the period.
	ConflictIDs []int
	// Billed is the quantity of the single live addition, as ConnectWise holds it; nil
	// when there is no single live addition.
	Billed *float64
	// Desired is the quantity the usage asks for, rounded to [Decimals] (0 for absent
	// usage under "zero"); nil when the usage is missing or not a valid quantity.
	Desired *float64
	// Fields are the owned fields that differ (Update only), in the order of the Field*
	// constants.
	Fields []FieldChange
	// New is the addition to create (Create; or an Update with Ends, its successor, nil
	// when the quantity becomes 0).
	New *NewAddition
	// Ends is set on an Update of an addition that started in a period the agreement has
	// invoiced, on an agreement that does not prorate: instead of a PATCH of Fields, that
	// addition gets this cancelled date and New takes over from the next day (see
	// splitAt). Fields still list what changes, for reports.
	Ends *Ending
	// Reason is one human sentence, always set: "quantity 40 → 42", "create with
	// quantity 42", "agreement 17 (Acme Managed) is Cancelled: nothing is written".
	Reason string
}

// Writes reports whether applying the change writes to ConnectWise (Create or Update).
func (c Change) Writes() bool { return c.Kind == Create || c.Kind == Update }

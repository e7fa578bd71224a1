package connectwise

// The models mirror the OpenAPI schemas' field names. Everything is
// omitempty or a pointer, so a body we send carries only what the caller
// set: a POST must not send zero values nobody chose. Pointers mark values
// whose zero is meaningful (a quantity of 0, taxable false).

// Reference points at another record, e.g. {"id": 12}.
type Reference struct {
	ID         int    `json:"id,omitempty"`
	Name       string `json:"name,omitempty"`
	Identifier string `json:"identifier,omitempty"`
}

// Ref is a Reference by ID.
func Ref(id int) *Reference { return &Reference{ID: id} }

// Company is /company/companies/{id}.
type Company struct {
	ID          int               `json:"id,omitempty"`
	Identifier  string            `json:"identifier,omitempty"`
	Name        string            `json:"name,omitempty"`
	Status      *Reference        `json:"status,omitempty"`
	Types       []Reference       `json:"types,omitempty"`
	DeletedFlag bool              `json:"deletedFlag,omitempty"`
	Info        map[string]string `json:"_info,omitempty"`
}

// Agreement is /finance/agreements/{id}.
type Agreement struct {
	ID               int        `json:"id,omitempty"`
	Name             string     `json:"name,omitempty"`
	Type             *Reference `json:"type,omitempty"`
	Company          *Reference `json:"company,omitempty"`
	AgreementStatus  string     `json:"agreementStatus,omitempty"` // Active, Cancelled, Expired, Inactive
	CancelledFlag    bool       `json:"cancelledFlag,omitempty"`
	StartDate        string     `json:"startDate,omitempty"`
	EndDate          string     `json:"endDate,omitempty"`
	NoEndingDateFlag bool       `json:"noEndingDateFlag,omitempty"`
	BillingCycle     *Reference `json:"billingCycle,omitempty"`
	ProrateFlag      bool       `json:"prorateFlag,omitempty"`
	ParentAgreement  *Reference `json:"parentAgreement,omitempty"`
	// The billing calendar. nextInvoiceDate is a plain string in the OpenAPI document (not
	// date-time): the executor reads RFC 3339 and a bare date.
	BillStartDate                string            `json:"billStartDate,omitempty"`
	NextInvoiceDate              string            `json:"nextInvoiceDate,omitempty"`
	InvoicingCycle               string            `json:"invoicingCycle,omitempty"` // ContractYear, CalendarYear
	ProrateFirstBill             *float64          `json:"prorateFirstBill,omitempty"`
	InvoiceProratedAdditionsFlag bool              `json:"invoiceProratedAdditionsFlag,omitempty"`
	OneTimeFlag                  bool              `json:"oneTimeFlag,omitempty"`
	BillOneTimeFlag              bool              `json:"billOneTimeFlag,omitempty"`
	Currency                     *CurrencyRef      `json:"currency,omitempty"`
	Info                         map[string]string `json:"_info,omitempty"`
}

// CurrencyRef is an agreement's currency, e.g. {"id": 1, "currencyCode": "USD"}.
type CurrencyRef struct {
	ID           int    `json:"id,omitempty"`
	CurrencyCode string `json:"currencyCode,omitempty"`
	Name         string `json:"name,omitempty"`
	Symbol       string `json:"symbol,omitempty"`
}

// Agreement statuses.
const (
	AgreementActive    = "Active"
	AgreementCancelled = "Cancelled"
	AgreementExpired   = "Expired"
	AgreementInactive  = "Inactive"
)

// Addition is /finance/agreements/{agreementId}/additions/{id}.
type Addition struct {
	ID                 int               `json:"id,omitempty"`
	AgreementID        int               `json:"agreementId,omitempty"`
	Product            *Reference        `json:"product,omitempty"`
	Quantity           *float64          `json:"quantity,omitempty"`
	LessIncluded       *float64          `json:"lessIncluded,omitempty"`
	UnitPrice          *float64          `json:"unitPrice,omitempty"`
	UnitCost           *float64          `json:"unitCost,omitempty"`
	BillCustomer       string            `json:"billCustomer,omitempty"` // Billable, DoNotBill, NoCharge
	EffectiveDate      string            `json:"effectiveDate,omitempty"`
	CancelledDate      string            `json:"cancelledDate,omitempty"`
	TaxableFlag        *bool             `json:"taxableFlag,omitempty"`
	SerialNumber       string            `json:"serialNumber,omitempty"`
	InvoiceDescription string            `json:"invoiceDescription,omitempty"`
	Description        string            `json:"description,omitempty"`
	AgreementStatus    string            `json:"agreementStatus,omitempty"`
	ExtPrice           *float64          `json:"extPrice,omitempty"`
	Info               map[string]string `json:"_info,omitempty"`
}

// Bill-customer values of an addition.
const (
	BillCustomerBillable  = "Billable"
	BillCustomerDoNotBill = "DoNotBill"
	BillCustomerNoCharge  = "NoCharge"
)

// CatalogItem is /procurement/catalog/{id}.
type CatalogItem struct {
	ID                  int               `json:"id,omitempty"`
	Identifier          string            `json:"identifier,omitempty"`
	Description         string            `json:"description,omitempty"`
	CustomerDescription string            `json:"customerDescription,omitempty"`
	InactiveFlag        bool              `json:"inactiveFlag,omitempty"`
	Subcategory         *Reference        `json:"subcategory,omitempty"`
	Type                *Reference        `json:"type,omitempty"`
	UnitOfMeasure       *Reference        `json:"unitOfMeasure,omitempty"`
	Manufacturer        *Reference        `json:"manufacturer,omitempty"`
	ProductClass        string            `json:"productClass,omitempty"` // Agreement, Bundle, Inventory, NonInventory, Service
	Price               *float64          `json:"price,omitempty"`
	Cost                *float64          `json:"cost,omitempty"`
	TaxableFlag         *bool             `json:"taxableFlag,omitempty"`
	IntegrationXRef     string            `json:"integrationXRef,omitempty"`
	Info                map[string]string `json:"_info,omitempty"`
}

// Lookup is a row of a setup table: company types and statuses, agreement
// types, product categories, subcategories, types, units of measure and
// manufacturers. Category is set for subcategories.
type Lookup struct {
	ID           int               `json:"id,omitempty"`
	Name         string            `json:"name,omitempty"`
	InactiveFlag bool              `json:"inactiveFlag,omitempty"`
	DefaultFlag  bool              `json:"defaultFlag,omitempty"`
	Category     *Reference        `json:"category,omitempty"`
	Info         map[string]string `json:"_info,omitempty"`
}

// SystemInfo is /system/info.
type SystemInfo struct {
	Version        string `json:"version"`
	IsCloud        bool   `json:"isCloud"`
	ServerTimeZone string `json:"serverTimeZone"`
	CloudRegion    string `json:"cloudRegion"`
}

// SecurityPermission is a row of /system/mySecurity. Levels are None, My
// or All.
type SecurityPermission struct {
	ModuleIdentifier         string `json:"moduleIdentifier"`
	ModuleName               string `json:"moduleName"`
	ModuleFunctionIdentifier string `json:"moduleFunctionIdentifier"`
	ModuleFunctionName       string `json:"moduleFunctionName"`
	InquireLevel             string `json:"inquireLevel"`
	AddLevel                 string `json:"addLevel"`
	EditLevel                string `json:"editLevel"`
	DeleteLevel              string `json:"deleteLevel"`
}

// Float64 and BoolPtr help fill the pointer fields.
func Float64(f float64) *float64 { return &f }

// BoolPtr returns a pointer to b.
func BoolPtr(b bool) *bool { return &b }

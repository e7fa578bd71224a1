package provider

import (
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The sync inputs are declared once, here, and rendered into the action's schema and the
// reconciliation data source's schema, so the two can never drift apart.

const (
	descCustomers = "The customer mappings to sync, usually `values(connectwise_customer_mapping.all)`: attribute " +
		"names equal the resource's, and the attributes not listed here are ignored (Terraform drops them without a " +
		"word, so a misspelled optional attribute is ignored too). A null element is refused."
	descProducts = "The product mappings to sync, usually `values(connectwise_product_mapping.all)`. Each vendor SKU " +
		"and each catalog item may appear once; all products must belong to one integration. A null element is refused."
	descUsage = "Usage reported by the vendor: organization ID → vendor SKU → quantity (0 to 1,000,000, decimals allowed; " +
		"a quantity above 0 that rounds to 0 at 4 decimals is an error; a null quantity or organization is an error: leave it out), " +
		"e.g. `jsondecode(file(\"usage.json\"))`. Organizations that no customer maps are ignored; a SKU that no " +
		"product maps is an error."
	descAsOf = "Time of the run, RFC 3339 (default: now, UTC). For each agreement the run carries the billing period " +
		"of the agreement's own cycle that holds `as_of` (calendar aligned: months, quarters and half-years from " +
		"January, years from 1 January; from `billStartDate` when its `invoicingCycle` is `ContractYear`), and on the " +
		"first day of a period the final numbers of the period that just ended: for a quarterly agreement the run on " +
		"1 January carries October–December, a run on 1 February the current January–March quarter. A created " +
		"addition takes effect on the latest of the period's first day, the agreement's `startDate` and " +
		"`billStartDate`, and, on an agreement that does not prorate whose period is already invoiced, its " +
		"`nextInvoiceDate`. Accepted from the first day of the previous month to 24 hours ahead, unless " +
		"`allow_any_as_of` is true."
	descAllowAnyAsOf = "Accept an `as_of` outside the usual window (before the previous month, or more than 24 hours " +
		"ahead), to correct an older month deliberately. Default false."
	descAbsentUsage = "What an enabled customer (or SKU) missing from `usage` means: `skip` (default: missing data is " +
		"not zero, the customer is skipped with a warning) or `zero` (bill zero). Leave it unset for `skip`: any " +
		"other value, the empty string included, is refused."
)

type inputKind int

const (
	inputString inputKind = iota
	inputNumber           // whole or not: decode and billing.Validate check each one, naming it
	inputBool
	inputObject     // single nested
	inputObjectList // list nested
	inputUsageMap   // map of maps of numbers
)

type inputAttr struct {
	name     string
	kind     inputKind
	required bool
	// inElement marks a nested attribute the sync needs in every element, which the
	// schema still declares optional (see syncInputSpec); its description says so.
	inElement bool
	desc      string
	nested    []inputAttr
	// rule checks a string attribute's value; nil means optionalText, except for the
	// attributes required in each element, whose rules are the engine's (billing.Validate).
	rule stringRule
}

// requiredInElement is how the docs state that a nested attribute is required although the
// schema lists it as optional.
const requiredInElement = "**Required in each element**, checked at plan time (the schema lists it as optional so that " +
	"a list built from mappings that do not exist yet validates). "

func (a inputAttr) description() string {
	if a.inElement {
		return requiredInElement + a.desc
	}
	return a.desc
}

// Nested attributes are all optional in the schema, even those the sync needs: when the
// lists are built from resources (`values(connectwise_customer_mapping.all)`), Terraform
// validates them before the resources exist, and a required nested attribute would be
// reported missing. decode checks them instead, once they are known.
var syncInputSpec = []inputAttr{
	{name: "customers", kind: inputObjectList, required: true, desc: descCustomers, nested: []inputAttr{
		{name: "integration_id", rule: integrationIDRule, desc: "Integration the mapping belongs to."},
		{name: "organization_id", inElement: true, desc: "Vendor organization ID, the key of `usage`."},
		{name: "organization_name", desc: "Vendor organization name, shown in progress lines. Not blank."},
		{name: "company_id", kind: inputNumber, inElement: true, desc: "ConnectWise company ID."},
		{name: "agreement_id", kind: inputNumber, inElement: true, desc: "ConnectWise agreement ID whose additions are synced."},
		{name: "sync_enabled", kind: inputBool, desc: "Whether to sync this customer (default true)."},
		{name: "billing_cycle", desc: "The agreement billing cycle this customer's usage may be billed on: `Monthly` " +
			"(also when unset or null), `Bi-Monthly`, `Quarterly`, `Semi-Annual` or `Yearly`. The sync writes only when " +
			"the agreement's billing cycle is this one, and skips the customer with the reason otherwise."},
	}},
	{name: "products", kind: inputObjectList, required: true, desc: descProducts, nested: []inputAttr{
		{name: "integration_id", rule: integrationIDRule, desc: "Integration the mapping belongs to; all products must belong to one. Older versions put its name into the description of created additions, which the sync still recognises."},
		{name: "vendor_sku", inElement: true, desc: "Vendor SKU, the inner key of `usage`."},
		{name: "catalog_item_id", kind: inputNumber, inElement: true, desc: "ConnectWise catalog item the SKU is billed as."},
		{name: "catalog_item_identifier", desc: "Catalog item identifier, for messages. Not blank."},
		{name: "unit_price", kind: inputNumber, desc: "Unit price the sync owns on the addition, 0 to 1,000,000 (unset: not touched)."},
		{name: "unit_cost", kind: inputNumber, desc: "Unit cost the sync owns, 0 to 1,000,000 (unset: not touched)."},
		{name: "less_included", kind: inputNumber, desc: "Less-included quantity the sync owns, 0 to 1,000,000 (unset: not touched)."},
		{name: "bill_customer", desc: "Bill-customer setting the sync owns: `Billable`, `DoNotBill` or `NoCharge` (unset: not touched)."},
		{name: "taxable", kind: inputBool, desc: "Taxable flag the sync owns (unset: not touched)."},
		{name: "currency", desc: "ISO 4217 code of `unit_price` and `unit_cost`, in capitals (e.g. `USD`). A price is never " +
			"written to an agreement in another currency: the SKU is skipped for that customer with the reason. Unset: " +
			"undeclared, which a run whose agreements span several currencies refuses for a product with a price or cost."},
		{name: "invoice_description", rule: invoiceDescriptionRule, desc: "Customer-facing text of the additions the sync creates (description and " +
			"invoice description; not blank, at most 6000 characters). Unset: the catalog item's customer description."},
		{name: "integration_defaults", kind: inputObject, desc: "The integration's billing defaults, applied to created additions only.", nested: []inputAttr{
			{name: "bill_customer", desc: "Bill-customer setting of created additions: `Billable`, `DoNotBill` or `NoCharge`."},
			{name: "taxable", kind: inputBool, desc: "Taxable flag of created additions."},
		}},
	}},
	{name: "usage", kind: inputUsageMap, required: true, desc: descUsage},
	{name: "as_of", desc: descAsOf},
	{name: "allow_any_as_of", kind: inputBool, desc: descAllowAnyAsOf},
	{name: "absent_usage", desc: descAbsentUsage}, // checked by decode: one diagnostic listing what is accepted
}

var usageMapType = types.MapType{ElemType: types.MapType{ElemType: types.NumberType}}

// inputAttributes renders spec into one schema package's attributes; kinds says how that
// package spells each kind of attribute. The action and the data source render the same
// spec, so their inputs cannot drift apart.
func inputAttributes[A any](spec []inputAttr, kinds inputKinds[A]) map[string]A {
	out := map[string]A{}
	for _, a := range spec {
		out[a.name] = kinds[a.kind](a.required, a.description(), inputAttributes(a.nested, kinds))
	}
	return out
}

// inputKinds builds one kind of attribute, required or optional, from its description and
// (for objects) its nested attributes.
type inputKinds[A any] map[inputKind]func(required bool, desc string, nested map[string]A) A

func actionInputAttributes(spec []inputAttr) map[string]actionschema.Attribute {
	type a = actionschema.Attribute
	return inputAttributes(spec, inputKinds[a]{
		inputString: func(r bool, d string, _ map[string]a) a {
			return actionschema.StringAttribute{Required: r, Optional: !r, MarkdownDescription: d}
		},
		inputNumber: func(r bool, d string, _ map[string]a) a {
			return actionschema.NumberAttribute{Required: r, Optional: !r, MarkdownDescription: d}
		},
		inputBool: func(r bool, d string, _ map[string]a) a {
			return actionschema.BoolAttribute{Required: r, Optional: !r, MarkdownDescription: d}
		},
		inputObject: func(r bool, d string, n map[string]a) a {
			return actionschema.SingleNestedAttribute{Required: r, Optional: !r, MarkdownDescription: d, Attributes: n}
		},
		inputObjectList: func(r bool, d string, n map[string]a) a {
			return actionschema.ListNestedAttribute{Required: r, Optional: !r, MarkdownDescription: d,
				NestedObject: actionschema.NestedAttributeObject{Attributes: n}}
		},
		inputUsageMap: func(r bool, d string, _ map[string]a) a {
			return actionschema.MapAttribute{Required: r, Optional: !r, MarkdownDescription: d, ElementType: usageMapType.ElemType}
		},
	})
}

func dataSourceInputAttributes(spec []inputAttr) map[string]dsschema.Attribute {
	type a = dsschema.Attribute
	return inputAttributes(spec, inputKinds[a]{
		inputString: func(r bool, d string, _ map[string]a) a {
			return dsschema.StringAttribute{Required: r, Optional: !r, MarkdownDescription: d}
		},
		inputNumber: func(r bool, d string, _ map[string]a) a {
			return dsschema.NumberAttribute{Required: r, Optional: !r, MarkdownDescription: d}
		},
		inputBool: func(r bool, d string, _ map[string]a) a {
			return dsschema.BoolAttribute{Required: r, Optional: !r, MarkdownDescription: d}
		},
		inputObject: func(r bool, d string, n map[string]a) a {
			return dsschema.SingleNestedAttribute{Required: r, Optional: !r, MarkdownDescription: d, Attributes: n}
		},
		inputObjectList: func(r bool, d string, n map[string]a) a {
			return dsschema.ListNestedAttribute{Required: r, Optional: !r, MarkdownDescription: d,
				NestedObject: dsschema.NestedAttributeObject{Attributes: n}}
		},
		inputUsageMap: func(r bool, d string, _ map[string]a) a {
			return dsschema.MapAttribute{Required: r, Optional: !r, MarkdownDescription: d, ElementType: usageMapType.ElemType}
		},
	})
}

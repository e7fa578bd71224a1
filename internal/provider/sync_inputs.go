package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/usagesync"
)

// The sync inputs are shared by the connectwise_sync_usage action and the
// connectwise_billing_reconciliation data source: same names, same validation, same
// conversion to the engine's types. Attribute names equal the mapping resources' so that
// `values(connectwise_customer_mapping.all)` can be passed as it is (Terraform drops the
// attributes the inputs do not name); the mappings' models embed syncCustomerModel and
// syncProductModel, so the names cannot drift apart.

type syncCustomerModel struct {
	IntegrationID    types.String `tfsdk:"integration_id"`
	OrganizationID   types.String `tfsdk:"organization_id"`
	OrganizationName types.String `tfsdk:"organization_name"`
	CompanyID        types.Number `tfsdk:"company_id"`
	AgreementID      types.Number `tfsdk:"agreement_id"`
	SyncEnabled      types.Bool   `tfsdk:"sync_enabled"`
	BillingCycle     types.String `tfsdk:"billing_cycle"`
}

type syncProductModel struct {
	IntegrationID         types.String `tfsdk:"integration_id"`
	VendorSKU             types.String `tfsdk:"vendor_sku"`
	CatalogItemID         types.Number `tfsdk:"catalog_item_id"`
	CatalogItemIdentifier types.String `tfsdk:"catalog_item_identifier"`
	UnitPrice             types.Number `tfsdk:"unit_price"`
	UnitCost              types.Number `tfsdk:"unit_cost"`
	LessIncluded          types.Number `tfsdk:"less_included"`
	BillCustomer          types.String `tfsdk:"bill_customer"`
	Taxable               types.Bool   `tfsdk:"taxable"`
	Currency              types.String `tfsdk:"currency"`
	InvoiceDescription    types.String `tfsdk:"invoice_description"`
	IntegrationDefaults   types.Object `tfsdk:"integration_defaults"`
}

// syncDefaultsModel is the part of a product's integration_defaults the sync uses.
type syncDefaultsModel struct {
	BillCustomer types.String `tfsdk:"bill_customer"`
	Taxable      types.Bool   `tfsdk:"taxable"`
}

// syncInputsModel holds the inputs; lists and maps stay framework values so that unknown
// parts (at validate time) can be told apart from bad ones.
type syncInputsModel struct {
	Customers    types.List   `tfsdk:"customers"`
	Products     types.List   `tfsdk:"products"`
	Usage        types.Map    `tfsdk:"usage"`
	AsOf         types.String `tfsdk:"as_of"`
	AllowAnyAsOf types.Bool   `tfsdk:"allow_any_as_of"`
	AbsentUsage  types.String `tfsdk:"absent_usage"`
}

// syncConfig is the config model of the action or the data source: each embeds the inputs.
type syncConfig interface{ inputs() syncInputsModel }

func (m *syncUsageModel) inputs() syncInputsModel      { return m.syncInputsModel }
func (m *reconciliationModel) inputs() syncInputsModel { return m.syncInputsModel }

// readSyncConfig reads a config into model and decodes its inputs, with every validation
// problem as a diagnostic: the one entry point of ValidateConfig, ModifyPlan, Invoke and Read.
func readSyncConfig(ctx context.Context, config tfsdk.Config, model syncConfig, now time.Time) (syncInputs, bool, diag.Diagnostics) {
	diags := config.Get(ctx, model)
	if diags.HasError() {
		return syncInputs{}, false, diags
	}
	in, known, d := model.inputs().decode(ctx, now)
	diags.Append(d...)
	return in, known, diags
}

// syncInputs is the decoded form: request is what the executor runs, for the action as
// for the data source (its dry run), so the two cannot read the inputs differently.
type syncInputs struct {
	request     usagesync.Request
	integration string
	// customerIntegrations holds each of request.Customers' integration_id ("" when unset).
	customerIntegrations []string
}

// decode converts the inputs and validates them as a whole. known is false when some
// input is not yet known (validate time); then only what is known has been checked.
func (m syncInputsModel) decode(ctx context.Context, now time.Time) (in syncInputs, known bool, diags diag.Diagnostics) {
	if m.Customers.IsUnknown() || m.Products.IsUnknown() || m.Usage.IsUnknown() || m.AsOf.IsUnknown() || m.AllowAnyAsOf.IsUnknown() || m.AbsentUsage.IsUnknown() {
		return in, false, nil
	}
	out := inputDiagnostics{reported: map[string]bool{}}
	customers, customerAt, customersKnown, d := listObjects[syncCustomerModel](ctx, "customers", m.Customers, syncInputSpec[0].nested, out.report)
	diags.Append(d...)
	products, productAt, productsKnown, d := listObjects[syncProductModel](ctx, "products", m.Products, syncInputSpec[1].nested, out.report)
	diags.Append(d...)
	if diags.HasError() { // the lists could not be read: a provider bug, not a user's mistake
		return in, false, diags
	}
	usage, usageKnown := decodeUsage(m.Usage, out.report)
	known = usageKnown && customersKnown && productsKnown
	asOf := now.UTC()
	if !m.AsOf.IsNull() {
		t, err := time.Parse(time.RFC3339, m.AsOf.ValueString())
		if err != nil {
			out.report(diag.NewAttributeErrorDiagnostic(path.Root("as_of"), "Invalid as_of",
				fmt.Sprintf("as_of must be an RFC 3339 time such as 2026-12-01T00:00:00Z, got %q.", m.AsOf.ValueString())))
		} else if msg := billing.AsOfProblem(t, now); msg != "" && !m.AllowAnyAsOf.ValueBool() {
			out.report(diag.NewAttributeErrorDiagnostic(path.Root("as_of"), "Invalid as_of", "as_of "+msg+"."))
		}
		asOf = t.UTC()
	}
	// Null is the default; a value written, "" included, must be one of the accepted ones.
	absent := billing.AbsentUsage(m.AbsentUsage.ValueString())
	if msg := billing.AbsentUsageProblem(absent); msg != "" && !m.AbsentUsage.IsNull() {
		out.report(problemDiagnostic(billing.Problem{Attribute: "absent_usage", Index: -1, Message: msg}))
	}
	in.request = usagesync.Request{
		Usage:   usage,
		Options: billing.Options{AsOf: asOf, AbsentUsage: absent},
	}
	// The IDs are required in each element (unknown ones are checked once known).
	whole := func(p path.Path, v types.Number, rule numberRule) int {
		if msg := rule.requiredProblem(p.String(), v); msg != "" && !v.IsUnknown() {
			out.report(diag.NewAttributeErrorDiagnostic(p, "Invalid "+p.String(), msg))
		}
		return int(numberInt64(v))
	}
	for j, c := range customers {
		if c.OrganizationID.IsUnknown() || c.CompanyID.IsUnknown() || c.AgreementID.IsUnknown() || c.SyncEnabled.IsUnknown() {
			known = false
		}
		at := path.Root("customers").AtListIndex(customerAt[j])
		in.request.Customers = append(in.request.Customers, billing.Customer{
			OrganizationID:   c.OrganizationID.ValueString(),
			OrganizationName: c.OrganizationName.ValueString(),
			CompanyID:        whole(at.AtName("company_id"), c.CompanyID, recordID("company", 250)),
			AgreementID:      whole(at.AtName("agreement_id"), c.AgreementID, agreementIDRule),
			SyncEnabled:      c.SyncEnabled.IsNull() || c.SyncEnabled.ValueBool(),
			BillingCycle:     c.BillingCycle.ValueString(), // null is "": Monthly
		})
		in.customerIntegrations = append(in.customerIntegrations, c.IntegrationID.ValueString())
	}
	integrations := map[string]bool{}
	for j, p := range products {
		if p.VendorSKU.IsUnknown() || p.CatalogItemID.IsUnknown() {
			known = false
		}
		at := path.Root("products").AtListIndex(productAt[j])
		whole(at.AtName("catalog_item_id"), p.CatalogItemID, catalogItemIDRule)
		if p.IntegrationID.ValueString() != "" {
			integrations[p.IntegrationID.ValueString()] = true
		}
		product, d := p.engineProduct(ctx)
		diags.Append(d...)
		in.request.Products = append(in.request.Products, product)
	}
	if len(integrations) > 1 {
		out.report(diag.NewAttributeErrorDiagnostic(path.Root("products"), "Products of several integrations",
			fmt.Sprintf("The products belong to %d integrations (%s). Run one sync per integration, so that each "+
				"created addition names the integration that wrote it.", len(integrations), strings.Join(sortedKeys(integrations), ", "))))
	}
	for name := range integrations {
		in.integration = name
	}
	in.request.Options.IntegrationName = in.integration
	if known {
		for _, p := range billing.Validate(in.request.Customers, in.request.Products, in.request.Usage, "") {
			if !out.reported[p.Path()] {
				out.report(problemDiagnostic(p))
			}
		}
	}
	return in, known, append(diags, out.Diagnostics...)
}

// inputDiagnostics collects the problems of the inputs; reported holds the paths already
// reported, so that the engine's checks do not report the same attribute a second time.
type inputDiagnostics struct {
	diag.Diagnostics
	reported map[string]bool
}

func (d *inputDiagnostics) report(x diag.Diagnostic) {
	d.Append(x)
	if at, ok := x.(diag.DiagnosticWithPath); ok {
		d.reported[at.Path().String()] = true
	}
}

// problemDiagnostic reports an engine problem on its attribute, with the path also in the
// text: Terraform cannot point into a list or map built by an expression, and then shows
// only the block.
func problemDiagnostic(p billing.Problem) diag.Diagnostic {
	detail := p.Path() + ": " + p.Message
	if strings.HasPrefix(p.Message, "must ") {
		detail = p.Path() + " " + p.Message
	}
	return diag.NewAttributeErrorDiagnostic(problemPath(p), "Invalid "+p.Path(), detail+".")
}

// listObjects reads the list of objects attribute name holds; known is false when an
// element is unknown, as a whole resource is at validate time
// (`customers = [connectwise_customer_mapping.acme]`). at holds each decoded object's index
// in the list. A null element and a blank string in an element are errors on their path.
func listObjects[T any](ctx context.Context, name string, list types.List, spec []inputAttr, report func(diag.Diagnostic)) (out []T, at []int, known bool, diags diag.Diagnostics) {
	var objects []types.Object
	diags = list.ElementsAs(ctx, &objects, false)
	known = true
	for i, o := range objects {
		p := path.Root(name).AtListIndex(i)
		switch {
		case o.IsUnknown():
			known = false
			continue
		case o.IsNull():
			report(diag.NewAttributeErrorDiagnostic(p, "Invalid "+p.String(), fmt.Sprintf("%s is null: each element must be "+
				"a mapping, an object such as the %s resource; leave the null out (e.g. with a for expression's if).", p, mappingOf[name])))
			continue
		}
		checkInputStrings(p, o, spec, report)
		var v T
		diags.Append(o.As(ctx, &v, basetypes.ObjectAsOptions{})...)
		out = append(out, v)
		at = append(at, i)
	}
	return out, at, known, diags
}

// mappingOf names the resource whose objects each list takes.
var mappingOf = map[string]string{"customers": "connectwise_customer_mapping", "products": "connectwise_product_mapping"}

// optionalText is the rule of an optional string input that has no rule of its own: unset
// is null, never a blank string.
var optionalText = textRule{write: "a value, or leave it unset (null)"}

// checkInputStrings applies each string attribute's rule to the object at p, recursing into
// nested objects. The attributes required in each element are left to billing.Validate.
func checkInputStrings(p path.Path, o types.Object, spec []inputAttr, report func(diag.Diagnostic)) {
	attrs := o.Attributes()
	for _, a := range spec {
		at := p.AtName(a.name)
		switch v := attrs[a.name].(type) {
		case types.String:
			rule := a.rule
			if rule == nil && a.inElement {
				continue
			}
			if rule == nil {
				rule = optionalText
			}
			if d := checkRule(rule, at, v); d != nil {
				report(d)
			}
		case types.Object:
			if !v.IsNull() && !v.IsUnknown() {
				checkInputStrings(at, v, a.nested, report)
			}
		}
	}
}

func (p syncProductModel) engineProduct(ctx context.Context) (billing.Product, diag.Diagnostics) {
	out := billing.Product{
		VendorSKU:             p.VendorSKU.ValueString(),
		CatalogItemID:         int(numberInt64(p.CatalogItemID)),
		CatalogItemIdentifier: p.CatalogItemIdentifier.ValueString(),
		UnitPrice:             numberFloat64Pointer(p.UnitPrice),
		UnitCost:              numberFloat64Pointer(p.UnitCost),
		LessIncluded:          numberFloat64Pointer(p.LessIncluded),
		BillCustomer:          p.BillCustomer.ValueString(),
		Taxable:               p.Taxable.ValueBoolPointer(),
		Currency:              p.Currency.ValueString(),
		InvoiceDescription:    p.InvoiceDescription.ValueString(),
	}
	var diags diag.Diagnostics
	if !p.IntegrationDefaults.IsNull() && !p.IntegrationDefaults.IsUnknown() {
		var d syncDefaultsModel
		diags.Append(p.IntegrationDefaults.As(ctx, &d, basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true, UnhandledUnknownAsEmpty: true})...)
		out.DefaultBillCustomer = d.BillCustomer.ValueString()
		out.DefaultTaxable = d.Taxable.ValueBoolPointer()
	}
	return out, diags
}

func decodeUsage(m types.Map, report func(diag.Diagnostic)) (billing.Usage, bool) {
	usage := billing.Usage{}
	if m.IsNull() {
		return usage, true
	}
	known := true
	for org, v := range m.Elements() {
		at := path.Root("usage").AtMapKey(org)
		inner, ok := v.(types.Map)
		switch {
		case !ok:
			report(diag.NewAttributeErrorDiagnostic(at, "Invalid "+at.String(), at.String()+" must map SKUs to quantities, e.g. { \"core-license\" = 12 }."))
			continue
		case inner.IsUnknown():
			known = false
			continue
		case inner.IsNull():
			report(diag.NewAttributeErrorDiagnostic(at, "Invalid "+at.String(), fmt.Sprintf("%s is null: map the organization's SKUs to "+
				"quantities, e.g. { \"core-license\" = 12 }, or leave the organization out (absent usage is skipped, or zero with absent_usage = \"zero\").", at)))
			continue
		}
		q := map[string]float64{}
		for sku, qv := range inner.Elements() {
			at := at.AtMapKey(sku)
			f, ok := qv.(types.Number)
			switch {
			case !ok:
				report(diag.NewAttributeErrorDiagnostic(at, "Invalid "+at.String(), at.String()+" must be a number of 0 or more, e.g. 12."))
			case f.IsUnknown():
				known = false
			case f.IsNull():
				report(diag.NewAttributeErrorDiagnostic(at, "Invalid "+at.String(),
					fmt.Sprintf("%s is null. Leave the SKU out instead (absent usage is skipped, or zero with absent_usage = \"zero\").", at)))
			default:
				q[sku] = *numberFloat64Pointer(f) // ±Inf stays ±Inf, which billing.Validate rejects
			}
		}
		usage[org] = q
	}
	return usage, known
}

// problemPath turns an engine validation problem into the attribute path it names.
func problemPath(p billing.Problem) path.Path {
	at := path.Root(p.Attribute)
	switch {
	case p.Index >= 0:
		at = at.AtListIndex(p.Index)
		if p.Field != "" {
			for _, name := range strings.Split(p.Field, ".") {
				at = at.AtName(name)
			}
		}
	case p.Key != "":
		at = at.AtMapKey(p.Key)
		if p.SubKey != "" {
			at = at.AtMapKey(p.SubKey)
		}
	}
	return at
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/provider/snapshot"
)

// Shared by connectwise_integration and connectwise_product_mapping.

// integrationBillCustomerValues are the bill-customer flags of an agreement addition.
var integrationBillCustomerValues = []string{
	connectwise.BillCustomerBillable, connectwise.BillCustomerDoNotBill, connectwise.BillCustomerNoCharge,
}

// integrationIDRule is the rule of an integration's name, which is its ID and every
// mapping's integration_id.
var integrationIDRule = textRule{write: `the integration's name, e.g. "NordLayer"`, max: 50,
	bound: "an integration's name is at most 50 characters"}

// billCustomerRule is the rule of every bill-customer flag a user writes.
var billCustomerRule = enumRule{values: integrationBillCustomerValues}

// integrationDefaultsModel is the integration's `defaults` and a mapping's
// `integration_defaults`: the same shape, so one can be assigned to the other.
type integrationDefaultsModel struct {
	IntegrationID   types.String `tfsdk:"integration_id"`
	SubcategoryID   types.Number `tfsdk:"subcategory_id"`
	ProductTypeID   types.Number `tfsdk:"product_type_id"`
	UnitOfMeasureID types.Number `tfsdk:"unit_of_measure_id"`
	BillCustomer    types.String `tfsdk:"bill_customer"`
	Taxable         types.Bool   `tfsdk:"taxable"`
}

var integrationDefaultsAttrTypes = map[string]attr.Type{
	"integration_id":     types.StringType,
	"subcategory_id":     types.NumberType,
	"product_type_id":    types.NumberType,
	"unit_of_measure_id": types.NumberType,
	"bill_customer":      types.StringType,
	"taxable":            types.BoolType,
}

// integrationDefaultsAttributes describes the bundle; computed on the integration,
// optional on a mapping.
func integrationDefaultsAttributes(computed bool) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"integration_id": schema.StringAttribute{Computed: computed, Optional: !computed, Validators: integrationIDRule.validators(),
			MarkdownDescription: "ID (name) of the integration these defaults belong to."},
		"subcategory_id": schema.NumberAttribute{Computed: computed, Optional: !computed, Validators: recordID("subcategory", 1).validators(),
			MarkdownDescription: "Subcategory ID for catalog items the integration creates; null when not set."},
		"product_type_id": schema.NumberAttribute{Computed: computed, Optional: !computed, Validators: recordID("product type", 1).validators(),
			MarkdownDescription: "Product type ID for catalog items the integration creates; null when not set."},
		"unit_of_measure_id": schema.NumberAttribute{Computed: computed, Optional: !computed, Validators: recordID("unit of measure", 1).validators(),
			MarkdownDescription: "Unit of measure ID for catalog items the integration creates; null when not set."},
		"bill_customer": schema.StringAttribute{Computed: computed, Optional: !computed, Validators: billCustomerRule.validators(),
			MarkdownDescription: "Default bill-customer flag of the additions the sync writes: `Billable`, `DoNotBill` or `NoCharge`."},
		"taxable": schema.BoolAttribute{Computed: computed, Optional: !computed,
			MarkdownDescription: "Whether the additions the sync writes are taxable by default."},
	}
}

// resolveLookupAttribute resolves a name-or-ID attribute against a setup table. A value
// ConnectWise does not know, or a name several rows share, becomes an error on the
// attribute listing what is accepted. ok is false on error; row is nil when the value
// is null or unknown.
func resolveLookupAttribute(ctx context.Context, d *providerData, kind snapshot.Kind, value types.String, at path.Path, diags *diag.Diagnostics) (row *connectwise.Lookup, ok bool) {
	if value.IsNull() || value.IsUnknown() {
		return nil, true
	}
	found, err := d.lookups.Resolve(ctx, kind, value.ValueString())
	var lookupErr *snapshot.LookupError
	switch {
	case errors.As(err, &lookupErr):
		summary := "Unknown " + kind.Label
		if lookupErr.Ambiguous {
			summary = "Ambiguous " + kind.Label
		}
		diags.AddAttributeError(at, summary, at.String()+": "+lookupErr.Error())
		return nil, false
	case err != nil:
		addClientError(diags, "reading the "+kind.Label+" list", err)
		return nil, false
	}
	return &found, true
}

// integrationPermissions is the least-privilege role of API-NOTES.md, in the order the
// ConnectWise security role screen lists them.
func integrationPermissions(createsProducts bool) []connectwise.Permission {
	need := []connectwise.Permission{
		{Function: connectwise.CompanyMaintenance, Level: connectwise.LevelInquire},
		{Function: connectwise.FinanceAgreements, Level: connectwise.LevelInquire},
		{Function: connectwise.FinanceAgreements, Level: connectwise.LevelAdd},
		{Function: connectwise.FinanceAgreements, Level: connectwise.LevelEdit},
		{Function: connectwise.ProductCatalog, Level: connectwise.LevelInquire},
	}
	if createsProducts {
		need = append(need,
			connectwise.Permission{Function: connectwise.ProductCatalog, Level: connectwise.LevelAdd},
			connectwise.Permission{Function: connectwise.ProductCatalog, Level: connectwise.LevelEdit})
	}
	return append(need, connectwise.Permission{Function: connectwise.TableSetup, Level: connectwise.LevelInquire})
}

// permissionPurposes says why the integration needs each permission of
// integrationPermissions: the last column of the least-privilege table in docs/index.md,
// which TestIndexRoleTableMatchesTheCode renders from these two and compares with
// templates/index.md.tmpl.
var permissionPurposes = map[connectwise.Permission]string{
	{Function: connectwise.CompanyMaintenance, Level: connectwise.LevelInquire}: "read companies to map customers and to check they are not in the recycle bin",
	{Function: connectwise.FinanceAgreements, Level: connectwise.LevelInquire}:  "read agreements and their additions, to check status and find the one addition per product",
	{Function: connectwise.FinanceAgreements, Level: connectwise.LevelAdd}:      "create an agreement addition the first time a customer uses a product",
	{Function: connectwise.FinanceAgreements, Level: connectwise.LevelEdit}:     "change an addition's quantity and the other fields the sync owns",
	{Function: connectwise.ProductCatalog, Level: connectwise.LevelInquire}:     "find the catalog items product mappings adopt",
	{Function: connectwise.ProductCatalog, Level: connectwise.LevelAdd}:         "create catalog items for product mappings that create one",
	{Function: connectwise.ProductCatalog, Level: connectwise.LevelEdit}:        "update the catalog items a mapping created, and mark them inactive when the mapping is destroyed",
	{Function: connectwise.TableSetup, Level: connectwise.LevelInquire}:         "resolve names of company types and statuses, agreement types, subcategories, product types and units of measure",
}

// checkIntegrationRole reads /system/mySecurity and compares it with what the integration
// needs.
func checkIntegrationRole(ctx context.Context, client *connectwise.Client, createsProducts bool) (connectwise.RoleCheck, error) {
	rows, err := client.System.MySecurity(ctx, nil)
	if err != nil {
		return connectwise.RoleCheck{}, err
	}
	return connectwise.CheckRole(rows, integrationPermissions(createsProducts)...), nil
}

// describeUnconfirmedRole explains the parts of the role the listing could not confirm.
// They are warnings: the listing's spelling and the meaning of "My" are not documented,
// so the real call's 403 decides (and names the permission then).
func describeUnconfirmedRole(check connectwise.RoleCheck) string {
	var b strings.Builder
	if len(check.Unlisted) > 0 {
		b.WriteString("/system/mySecurity lists no row for:\n")
		for _, f := range check.Unlisted {
			fmt.Fprintf(&b, "\n  - %s › %s", f.ModuleName, f.FunctionName)
		}
		b.WriteString("\n\nThis site may spell these rows differently. The provider goes on; if the role really lacks them, " +
			"the first call that needs them fails with 403 and names the permission.")
	}
	if len(check.Uncertain) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString("These levels are My, which may not cover records the API member does not own:\n")
		for _, p := range check.Uncertain {
			fmt.Fprintf(&b, "\n  - %s", p)
		}
		b.WriteString("\n\nThe provider goes on; set them to All in System › Security Roles if a call fails with 403.")
	}
	return b.String()
}

// describeMissingPermissions lists every missing permission as the ConnectWise UI names
// it, and says where to grant them.
func describeMissingPermissions(missing []connectwise.Permission, createsProducts bool) string {
	var b strings.Builder
	b.WriteString("The security role of the API member whose keys this provider uses lacks:\n")
	catalogWrite := false
	for _, p := range missing {
		fmt.Fprintf(&b, "\n  - %s", p)
		if p.Function == connectwise.ProductCatalog && p.Level != connectwise.LevelInquire {
			catalogWrite = true
		}
	}
	b.WriteString("\n\nIn ConnectWise, open System › Security Roles, select that role, set each level above to All and save.")
	if catalogWrite && createsProducts {
		b.WriteString(" (Product Catalog Add and Edit are needed because creates_products is true; set creates_products = false if every product mapping adopts an existing catalog item.)")
	}
	return b.String()
}

// catalogXRefMarker is the integrationXRef of a catalog item created by a product
// mapping. It identifies the integration and the vendor SKU, so import can tell an item
// the mapping created from one it adopted:
//
//	tf:<integration_id>/<vendor_sku>
//
// The field holds 50 characters; a longer marker keeps its first 41 bytes (cut on a
// character boundary) followed by "~" and the first 8 hex digits of the SHA-256 of the
// full marker, so it stays unique and stable.
func catalogXRefMarker(integrationID, sku string) string {
	const limit = 50
	full := "tf:" + integrationID + "/" + sku
	if len(full) <= limit { // bytes: never fewer than the UTF-16 units ConnectWise counts
		return full
	}
	sum := sha256.Sum256([]byte(full))
	suffix := "~" + hex.EncodeToString(sum[:4])
	cut := limit - len(suffix)
	for cut > 0 && !utf8.RuneStart(full[cut]) {
		cut--
	}
	return full[:cut] + suffix
}

package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// The role an integration needs, checked when it is created or updated (and warned about
// when a refresh finds it weakened).

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

// checkRole reads the role and reports every missing permission in one diagnostic: an
// error when connecting or applying, a warning when refreshing (the sync will fail, but
// the plan must still show what else changed).
func (r *integrationResource) checkRole(ctx context.Context, createsProducts types.Bool, asError bool, diags *diag.Diagnostics) {
	creates := createsProducts.IsNull() || createsProducts.IsUnknown() || createsProducts.ValueBool()
	check, err := checkIntegrationRole(ctx, r.data.client, creates)
	if err != nil {
		addClientError(diags, "reading the security role from /system/mySecurity", err)
		return
	}
	if len(check.Unlisted)+len(check.Uncertain) > 0 {
		diags.AddWarning("Security role could not be fully confirmed", describeUnconfirmedRole(check))
	}
	if check.OK() {
		return
	}
	detail := describeMissingPermissions(check.Missing, creates)
	if asError {
		diags.AddError("Security role is missing permissions", detail+" Then run again.")
		return
	}
	diags.AddWarning("Security role weakened", detail+
		"\n\nThe sync will fail until these permissions are granted again.")
}

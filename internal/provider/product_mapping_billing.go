package provider

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// The product mapping's billing settings that are not addition fields: the currency of its
// prices, the invoice text of created additions, and the product classes an addition can
// be. Each rule is written once and used by the resource and by the sync inputs.

const (
	descCurrency = "ISO 4217 code of the currency `unit_price` and `unit_cost` are in, in capitals as the agreement's " +
		"currency shows it (e.g. `USD`, `EUR`). A price is never written to an agreement in another currency: that SKU " +
		"is skipped for that customer, with the reason (quantities of a product that owns no price or cost are still " +
		"written, as quantities have no currency). On a run whose agreements span several currencies, a product with " +
		"a price or cost and no `currency` is skipped. Unset: undeclared."
	descInvoiceDescription = "The customer-facing text of the agreement additions the sync creates for this SKU: it " +
		"is written to both their description and invoice description, because which one an invoice template prints " +
		"is the site's choice. Not blank, at most 6000 characters. Unset: the catalog item's customer description. " +
		"The sync recognises its own additions by the catalog item and the effective date its billing calendar " +
		"computes, not by this text, so changing it is safe; an addition already created keeps its text."
)

// maxInvoiceDescription is the length ConnectWise keeps of an addition's invoice description
// (and of a catalog item's customer description).
const maxInvoiceDescription = 6000

// invoiceDescriptionRule is the rule of invoice_description. A value of only whitespace
// would print an empty line on the customer's invoice: it is refused, not trimmed away.
var invoiceDescriptionRule = storedText("the text the customer reads on the invoice, or leave it unset to use the catalog item's "+
	"customer description", maxInvoiceDescription)

// currencyCheck is the rule of currency: billing.CurrencyProblem's, and not empty (unset
// means undeclared).
func currencyCheck(s string) error {
	if s == "" {
		return errors.New(`currency must not be empty: use the ISO 4217 code of the prices' currency, e.g. "USD", or leave it unset`)
	}
	if msg := billing.CurrencyProblem(s); msg != "" {
		return errors.New("currency " + msg)
	}
	return nil
}

var currencyValidator = stringCheck{`an ISO 4217 currency code in capitals, e.g. "USD"`, currencyCheck}

// additionProductClasses are the catalog product classes a created item may have: every
// class but Bundle, which ConnectWise does not take as an agreement addition.
var additionProductClasses = []string{"Agreement", "Inventory", "NonInventory", "Service"}

// bundleRefusal says why a Bundle cannot be mapped; the create block's validator and the
// adopted item's check end with it.
const bundleRefusal = "ConnectWise does not take Bundle class products as agreement additions, so the sync could never bill it"

var productClassValidator = stringCheck{"one of " + strings.Join(additionProductClasses, ", "), func(s string) error {
	switch {
	case strings.EqualFold(s, billing.ProductClassBundle):
		return fmt.Errorf("create_catalog_item.product_class %q is not accepted: %s; use one of %s (the default is %s)",
			s, bundleRefusal, quoteEach(additionProductClasses), defaultCatalogProductClass)
	case !slices.Contains(additionProductClasses, s):
		return fmt.Errorf("create_catalog_item.product_class %q is not accepted: use one of %s (the default is %s)",
			s, quoteEach(additionProductClasses), defaultCatalogProductClass)
	}
	return nil
}}

func currencyAttribute() schema.StringAttribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: descCurrency, Validators: []validator.String{currencyValidator}}
}

func invoiceDescriptionAttribute() schema.StringAttribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: descInvoiceDescription,
		Validators: invoiceDescriptionRule.validators()}
}

// isBundle reports a catalog item of product class Bundle.
func isBundle(item *connectwise.CatalogItem) bool {
	return strings.EqualFold(item.ProductClass, billing.ProductClassBundle)
}

// addBundleError refuses to map the SKU to a Bundle item, on the attribute that named it
// (catalog_item_id or catalog_item_identifier).
func addBundleError(diags *diag.Diagnostics, at path.Path, sku string, item *connectwise.CatalogItem) {
	diags.AddAttributeError(at, "Catalog item is a Bundle", fmt.Sprintf(
		"Vendor SKU %q is mapped by %s to catalog item %d (%s, %q), whose product class is Bundle: %s. "+
			"Adopt or create a non-Bundle item (product class %s).",
		sku, at, item.ID, item.Identifier, item.Description, bundleRefusal, strings.Join(additionProductClasses, ", ")))
}

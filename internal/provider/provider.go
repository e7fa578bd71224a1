// Package provider implements the mspkit/connectwise Terraform provider.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/provider/snapshot"
)

var (
	_ provider.ProviderWithActions       = (*connectwiseProvider)(nil)
	_ provider.ProviderWithListResources = (*connectwiseProvider)(nil)
)

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &connectwiseProvider{version: version}
	}
}

type connectwiseProvider struct {
	version string
}

// providerData is what Configure hands to every resource, data source and action. The
// loaders and the lookup cache live as long as the provider process: one plan or apply.
type providerData struct {
	client  *connectwise.Client
	company *connectwise.CompanyInfo
	system  *connectwise.SystemInfo

	lookups    *snapshot.Lookups
	companies  *snapshot.Loader[connectwise.Company] // whole records, for the data sources
	agreements *snapshot.Loader[connectwise.Agreement]
	catalog    *snapshot.Loader[connectwise.CatalogItem] // whole records; lists the catalog for many product mappings

	// The customer mappings' reads: only the fields they use (mappingCompanyFields,
	// mappingAgreementFields), and the whole collection listed once when a plan has many.
	mappingCompanies  *snapshot.Loader[connectwise.Company]
	mappingAgreements *snapshot.Loader[connectwise.Agreement]
}

// The fields a customer mapping reads: what it keeps in state, the labels of its messages,
// and what billing.CustomerBillability judges (usagesync.CompanyFrom, AgreementFrom).
var (
	mappingCompanyFields   = []string{"id", "identifier", "name", "deletedFlag"}
	mappingAgreementFields = []string{
		"id", "name", "company/id", "company/identifier", "company/name",
		"agreementStatus", "cancelledFlag", "startDate", "endDate", "noEndingDateFlag",
		// the billing calendar, currency and parent that billing.CustomerBillability judges
		"billingCycle/id", "billingCycle/name", "invoicingCycle", "billStartDate", "nextInvoiceDate", "prorateFlag",
		"oneTimeFlag", "billOneTimeFlag", "currency/currencyCode", "parentAgreement/id", "parentAgreement/name",
	}
)

func newProviderData(client *connectwise.Client, company *connectwise.CompanyInfo, system *connectwise.SystemInfo) *providerData {
	noCondition := connectwise.Condition{}
	return &providerData{
		client: client, company: company, system: system,
		lookups: snapshot.NewLookups(client),
		companies: snapshot.New("company", func(ctx context.Context, ids []int) ([]connectwise.Company, error) {
			return client.Companies.ListByIDs(ctx, ids, noCondition)
		}, func(c connectwise.Company) int { return c.ID }),
		agreements: snapshot.New("agreement", func(ctx context.Context, ids []int) ([]connectwise.Agreement, error) {
			return client.Agreements.ListByIDs(ctx, ids, noCondition)
		}, func(a connectwise.Agreement) int { return a.ID }),
		catalog: snapshot.New("catalog item", func(ctx context.Context, ids []int) ([]connectwise.CatalogItem, error) {
			return client.Catalog.ListByIDs(ctx, ids, noCondition)
		}, func(c connectwise.CatalogItem) int { return c.ID }).WithListing(&snapshot.Lister[connectwise.CatalogItem]{
			Count: func(ctx context.Context) (int, error) { return client.Catalog.CountWhere(ctx, nil) },
			All: func(ctx context.Context) ([]connectwise.CatalogItem, error) {
				return client.Catalog.All(ctx, &connectwise.ListOptions{OrderBy: "id asc"})
			},
		}),
		mappingCompanies: snapshot.New("company", func(ctx context.Context, ids []int) ([]connectwise.Company, error) {
			return client.Companies.ListByIDsFields(ctx, ids, mappingCompanyFields)
		}, func(c connectwise.Company) int { return c.ID }).WithListing(&snapshot.Lister[connectwise.Company]{
			Count: func(ctx context.Context) (int, error) { return client.Companies.CountWhere(ctx, nil) },
			All: func(ctx context.Context) ([]connectwise.Company, error) {
				return client.Companies.All(ctx, &connectwise.ListOptions{Fields: mappingCompanyFields, OrderBy: "id asc"})
			},
		}),
		mappingAgreements: snapshot.New("agreement", func(ctx context.Context, ids []int) ([]connectwise.Agreement, error) {
			return client.Agreements.ListByIDsFields(ctx, ids, mappingAgreementFields)
		}, func(a connectwise.Agreement) int { return a.ID }).WithListing(&snapshot.Lister[connectwise.Agreement]{
			Count: func(ctx context.Context) (int, error) { return client.Agreements.CountWhere(ctx, nil) },
			All: func(ctx context.Context) ([]connectwise.Agreement, error) {
				return client.Agreements.All(ctx, &connectwise.ListOptions{Fields: mappingAgreementFields, OrderBy: "id asc"})
			},
		}),
	}
}

func (p *connectwiseProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "connectwise"
	resp.Version = p.version
}

func (p *connectwiseProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage a ConnectWise PSA billing integration as code: product mappings, " +
			"customer-to-agreement mappings, and usage sync into agreement additions. Every setting " +
			"can also come from a `CONNECTWISE_*` environment variable.",
		Attributes: providerAttributes(),
	}
}

func (p *connectwiseProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerConfig
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, diags := cfg.resolve(p.version, req.TerraformVersion)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data, diags := connect(ctx, settings)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

func (p *connectwiseProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newCustomerMappingResource,
		newIntegrationResource,
		newProductMappingResource,
	}
}

func (p *connectwiseProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newSystemInfoDataSource,
		newBillingReconciliationDataSource,
		newShardOverlapsDataSource,
		newCompaniesDataSource,
		newCompanyDataSource,
		newAgreementsDataSource,
		newAgreementDataSource,
		newCatalogItemDataSource,
		newCatalogItemsDataSource,
	}
}

// ListResources are queried by `terraform query` (Terraform 1.14 and later).
func (p *connectwiseProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		newCustomerMappingList,
	}
}

func (p *connectwiseProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		newSyncUsageAction,
	}
}

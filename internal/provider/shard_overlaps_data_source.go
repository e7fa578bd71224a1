package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/usagesync"
)

var (
	_ datasource.DataSourceWithConfigure      = (*shardOverlapsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*shardOverlapsDataSource)(nil)
)

func newShardOverlapsDataSource() datasource.DataSource {
	return &shardOverlapsDataSource{now: time.Now}
}

// shardOverlapsDataSource is the guard across states: the mappings of every shard (the
// Terraform states that each run connectwise_sync_usage), and what two of them would bill
// wrongly (billing.ShardOverlaps).
type shardOverlapsDataSource struct {
	dataSourceData
	now func() time.Time
}

type shardOverlapsModel struct {
	Shards   types.Map  `tfsdk:"shards"`
	Overlaps types.List `tfsdk:"overlaps"`
}

// shardInputSpec is the part of the sync's inputs a shard publishes: its customers and
// products, declared once in syncInputSpec. Both are required in each shard but declared
// optional, as the sync's nested attributes are: decode says which is missing, where the
// framework would report both of a null shard's as if the user had left them out.
func shardInputSpec() []inputAttr {
	var out []inputAttr
	for _, a := range syncInputSpec {
		if a.name == "customers" || a.name == "products" {
			a.required, a.inElement = false, true
			out = append(out, a)
		}
	}
	return out
}

var shardOverlapAttrTypes = map[string]attr.Type{
	"kind":                 types.StringType,
	"agreement_id":         types.Int64Type,
	"related_agreement_id": types.Int64Type,
	"integration_id":       types.StringType,
	"organization_ids":     types.ListType{ElemType: types.StringType},
	"shards":               types.ListType{ElemType: types.StringType},
	"catalog_item_ids":     types.ListType{ElemType: types.Int64Type},
	"reason":               types.StringType,
}

func (d *shardOverlapsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_shard_overlaps"
}

func (d *shardOverlapsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "What the shards of a billing setup would bill wrongly between them. When customer mappings " +
			"are split across several Terraform states (shards: workspaces by integration or by customer range), each " +
			"running `connectwise_sync_usage`, each state's own checks see only its own mappings: two shards that map " +
			"the same agreement with a catalog item in common both write its addition (one addition with two owners, or, " +
			"for two organizations, billed the usage of whichever shard synced last), the same organization of one " +
			"integration in two shards, not sharing an addition, has its usage billed by each, and a child agreement in one shard bills on the " +
			"invoice of its parent in another. This data source takes every shard's mappings, reads the mapped agreements " +
			"(batched, for their names and `parentAgreement`) and lists each such overlap, also as a warning.\n\n" +
			"Wire it in every shard: this shard's mappings from a local (the value its `sync_mappings` output publishes) " +
			"and the other shards' from their state, e.g. `shards = { eu = local.sync_mappings, us = " +
			"data.terraform_remote_state.us.outputs.sync_mappings }`. An overlap is never an error, so that one shard's " +
			"mistake does not stop every shard's billing. Where a shard must stop instead, a `postcondition` on " +
			"`length(self.overlaps) == 0` fails its plan; a `check` block reports the overlaps among the health checks. " +
			"Only customers with sync enabled count.",
		Attributes: map[string]schema.Attribute{
			"shards": schema.MapNestedAttribute{
				Required: true,
				MarkdownDescription: "Every shard's mappings, by shard name (the name the overlaps use): each a shard's " +
					"`sync_mappings` output, `{ customers = [...], products = [...] }`, whose elements carry the inputs " +
					"of `connectwise_sync_usage` and are checked as it checks them. A shard needs at least one product.",
				NestedObject: schema.NestedAttributeObject{Attributes: dataSourceInputAttributes(shardInputSpec())},
			},
			"overlaps": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "What two or more shards would bill wrongly, ordered by agreement, then organization. Empty when nothing is.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"kind": computedString("`agreement` (shards map one agreement with a catalog item in common: their syncs write the " +
						"same addition, which each owns), `organization` (shards map one organization of one integration: its usage is billed " +
						"by each) or `parent_and_child` (a child agreement in one shard and its parent in another with a catalog " +
						"item in common: a child bills on its parent's invoice)."),
					"agreement_id": computedInt64("The agreement concerned: the child for `parent_and_child`; for " +
						"`organization`, the lowest of the agreements the organization is mapped to (`reason` names each shard's)."),
					"related_agreement_id": computedInt64("The parent agreement (`parent_and_child`); null otherwise."),
					"integration_id":       computedString("The integration of the customers concerned; null when they belong to several."),
					"organization_ids": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "The organizations concerned, sorted."},
					"shards": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "The shards that map it, sorted."},
					"catalog_item_ids": computedIDList("The catalog items the shards have in common, sorted (empty for `organization`)."),
					"reason":           computedString("One sentence: the shards, what goes wrong in billing, and what to change."),
				}},
			},
		},
	}
}

func (d *shardOverlapsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m shardOverlapsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, diags := m.decode(ctx, d.now())
	resp.Diagnostics.Append(diags...)
}

func (d *shardOverlapsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m, ok := readDataSourceConfig[shardOverlapsModel](ctx, d.data, req, resp)
	if !ok {
		return
	}
	shards, diags := m.decode(ctx, d.now())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	agreements, err := d.readAgreements(ctx, shards)
	if err != nil {
		addClientError(&resp.Diagnostics, "reading the mapped agreements", err)
		return
	}
	for _, id := range billing.UncheckedChildren(shards, agreements) {
		resp.Diagnostics.AddWarning("Agreement not checked for a parent", fmt.Sprintf("%s: whether it is a child of an "+
			"agreement another shard maps with a catalog item in common is not checked. %s", notVisible(fmt.Sprintf("agreement %d", id)), visibilityHint))
	}
	overlaps := billing.ShardOverlaps(shards, agreements)
	values := make([]attr.Value, 0, len(overlaps))
	for _, o := range overlaps {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Billed from %d shards", len(o.Shards)), capitalize(o.Reason)+".")
		related := types.Int64Null()
		if o.RelatedAgreementID != 0 {
			related = types.Int64Value(int64(o.RelatedAgreementID))
		}
		integration := types.StringNull()
		if o.IntegrationID != "" {
			integration = types.StringValue(o.IntegrationID)
		}
		values = append(values, types.ObjectValueMust(shardOverlapAttrTypes, map[string]attr.Value{
			"kind":                 types.StringValue(string(o.Kind)),
			"agreement_id":         types.Int64Value(int64(o.AgreementID)),
			"related_agreement_id": related,
			"integration_id":       integration,
			"organization_ids":     stringListOf(o.OrganizationIDs),
			"shards":               stringListOf(o.Shards),
			"catalog_item_ids":     int64ListOf(o.CatalogItemIDs),
			"reason":               types.StringValue(o.Reason),
		}))
	}
	m.Overlaps = types.ListValueMust(types.ObjectType{AttrTypes: shardOverlapAttrTypes}, values)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readAgreements reads the agreements the shards' enabled customers map, through the
// provider's agreement loader (batched `id in (...)` lists, shared with the customer
// mappings' reads). Those ConnectWise does not return are missing from the map.
func (d *shardOverlapsDataSource) readAgreements(ctx context.Context, shards map[string]billing.ShardMappings) (map[int]billing.Agreement, error) {
	ids := map[int]bool{}
	for _, s := range shards {
		for _, c := range s.Customers {
			if c.SyncEnabled {
				ids[c.AgreementID] = true
			}
		}
	}
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		failed error
		out    = map[int]billing.Agreement{}
	)
	for id := range ids {
		wg.Go(func() {
			a, err := d.data.mappingAgreements.Get(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, connectwise.ErrNotFound): // not used for the parent rule
			case err != nil && failed == nil:
				failed = err
			case err != nil:
			default:
				out[id] = usagesync.AgreementFrom(a)
			}
		})
	}
	wg.Wait()
	return out, failed
}

// decode checks and converts every shard with the sync's own decoding (syncInputsModel.decode),
// its diagnostics moved under shards["name"]. At validate time the parts not known yet are
// left out (the sync's decoding checks what is known); Read sees them all.
func (m shardOverlapsModel) decode(ctx context.Context, now time.Time) (map[string]billing.ShardMappings, diag.Diagnostics) {
	var diags diag.Diagnostics
	if m.Shards.IsUnknown() {
		return nil, nil
	}
	out := map[string]billing.ShardMappings{}
	elements := m.Shards.Elements()
	names := make(map[string]bool, len(elements))
	for name := range elements {
		names[name] = true
	}
	for _, name := range sortedKeys(names) {
		at := path.Root("shards").AtMapKey(name)
		obj, _ := elements[name].(types.Object)
		switch {
		case strings.TrimSpace(name) == "":
			diags.AddAttributeError(at, "Invalid "+at.String(), fmt.Sprintf("%s: the shard's name is blank: name each shard, "+
				"e.g. \"eu\" or the workspace's name; the overlaps name the shards by it.", at))
			continue
		case obj.IsUnknown():
			continue
		case obj.IsNull():
			diags.AddAttributeError(at, "Invalid "+at.String(), fmt.Sprintf("%s is null: each shard must be its mappings, "+
				"{ customers = [...], products = [...] }, as its sync_mappings output publishes them; leave the null out.", at))
			continue
		}
		customers, _ := obj.Attributes()["customers"].(types.List)
		products, _ := obj.Attributes()["products"].(types.List)
		if customers.IsNull() {
			p := at.AtName("customers")
			diags.AddAttributeError(p, "Invalid "+p.String(), fmt.Sprintf("%s is required: the shard's customer mappings, "+
				"[] when it maps none yet.", p))
			continue
		}
		if !products.IsUnknown() && len(products.Elements()) == 0 {
			p := at.AtName("products")
			diags.AddAttributeError(p, "Invalid "+p.String(), fmt.Sprintf("%s holds no product: a shard's sync bills its products, "+
				"so pass the shard's whole sync_mappings, its products with its customers.", p))
			continue
		}
		in, _, d := syncInputsModel{Customers: customers, Products: products, Usage: types.MapNull(usageMapType.ElemType)}.decode(ctx, now)
		for _, x := range d {
			diags.Append(underPath(at, x))
		}
		s := billing.ShardMappings{Products: in.request.Products, IntegrationID: in.integration}
		for i, c := range in.request.Customers {
			s.Customers = append(s.Customers, billing.ShardCustomer{Customer: c, IntegrationID: in.customerIntegrations[i]})
		}
		out[name] = s
	}
	return out, diags
}

// underPath moves a diagnostic of the sync's inputs (customers[1].agreement_id) under the
// shard at (shards["eu"].customers[1].agreement_id), in its path and in its text.
func underPath(at path.Path, d diag.Diagnostic) diag.Diagnostic {
	withPath, ok := d.(diag.DiagnosticWithPath)
	if !ok {
		return d
	}
	p := at
	for _, step := range withPath.Path().Steps() {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			p = p.AtName(string(s))
		case path.PathStepElementKeyInt:
			p = p.AtListIndex(int(s))
		case path.PathStepElementKeyString:
			p = p.AtMapKey(string(s))
		case path.PathStepElementKeyValue:
			p = p.AtSetValue(s.Value)
		}
	}
	old := withPath.Path().String()
	summary := strings.Replace(d.Summary(), old, p.String(), 1)
	detail := strings.Replace(d.Detail(), old, p.String(), 1)
	if d.Severity() == diag.SeverityWarning {
		return diag.NewAttributeWarningDiagnostic(p, summary, detail)
	}
	return diag.NewAttributeErrorDiagnostic(p, summary, detail)
}

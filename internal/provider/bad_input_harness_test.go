package provider

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The bad-input suite sends each mistake the way Terraform sends it and goes on with the
// calls Terraform would make next, until the first error: validate, then plan and apply
// for a resource; validate and configure for the provider block; validate and read for a
// data source (read at plan time); validate, plan and invoke for the action; validate and
// list for the list resource; the import. So a mistake that a check misses goes on to
// ConnectWise, and the simulator's counters show it.

// stage is the call that answered with the error.
type stage string

const (
	stageValidate  stage = "validate"
	stageConfigure stage = "configure"
	stagePlan      stage = "plan"
	stageRead      stage = "read"
	stageList      stage = "list"
	stageImport    stage = "import"
	stageApply     stage = "apply" // too late: a write may have been made
	stageInvoke    stage = "invoke"
	stageNone      stage = "no error"
)

// outcome is the diagnostics of the call that failed, or of the last call when none did.
type outcome struct {
	stage stage
	diags []*tfprotov6.Diagnostic
}

// badInputHarness is a configured provider server next to a simulator holding the sync
// fixtures (customers org-0 to org-3 on companies ACME0 to ACME3, the demo catalog). t is
// the running case's.
type badInputHarness struct {
	t          *testing.T
	ctx        context.Context
	site       *syncSite
	server     tfprotov6.ProviderServerWithActions //nolint:staticcheck // see actionCall
	schemas    *tfprotov6.GetProviderSchemaResponse
	identities *tfprotov6.GetResourceIdentitySchemasResponse
}

func newBadInputHarness(t *testing.T) *badInputHarness {
	t.Helper()
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	ctx := context.Background()
	schemas, err := call.server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := call.server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return &badInputHarness{t: t, ctx: ctx, site: s, server: call.server, schemas: schemas, identities: ids}
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	return len(diagnosticsOf(diags, tfprotov6.DiagnosticSeverityError)) > 0
}

// must fails the test on an RPC error (the server reports problems as diagnostics).
func (h *badInputHarness) must(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

// providerBlock is a valid provider block with attrs replaced (nil: unset).
func (h *badInputHarness) providerBlock(attrs map[string]any) map[string]any {
	block := map[string]any{"site_url": h.site.srv.URL, "company_id": testCompanyID, "public_key": testPublicKey,
		"private_key": testPrivateKey, "client_id": testClientID}
	maps.Copy(block, attrs)
	return block
}

// call is one RPC of a sequence: the stage it stands for and its diagnostics.
type call func() (stage, []*tfprotov6.Diagnostic)

// firstError makes the calls in order, as Terraform would, and stops at the first that
// answers with an error.
func firstError(calls ...call) outcome {
	out := outcome{stage: stageNone}
	for _, c := range calls {
		st, diags := c()
		if hasError(diags) {
			return outcome{st, diags}
		}
		out.diags = append(out.diags, diags...)
	}
	return out
}

// provider validates the block and configures a fresh server with it.
func (h *badInputHarness) provider(attrs map[string]any) outcome {
	cfg := configValue(h.schemas.Provider, h.providerBlock(attrs))
	return firstError(func() (stage, []*tfprotov6.Diagnostic) {
		v, err := h.server.ValidateProviderConfig(h.ctx, &tfprotov6.ValidateProviderConfigRequest{Config: cfg})
		h.must(err)
		return stageValidate, v.Diagnostics
	}, func() (stage, []*tfprotov6.Diagnostic) {
		c, err := protocolServer(h.t).ConfigureProvider(h.ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg, TerraformVersion: "1.11.4"})
		h.must(err)
		return stageConfigure, c.Diagnostics
	})
}

// resource creates a resource: validate, plan, apply.
func (h *badInputHarness) resource(typ string, attrs map[string]any) outcome {
	schema := h.schemas.ResourceSchemas[typ]
	cfg, prior := configValue(schema, attrs), configValue(schema, nil)
	var plan *tfprotov6.PlanResourceChangeResponse
	return firstError(func() (stage, []*tfprotov6.Diagnostic) {
		v, err := h.server.ValidateResourceConfig(h.ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typ, Config: cfg})
		h.must(err)
		return stageValidate, v.Diagnostics
	}, func() (stage, []*tfprotov6.Diagnostic) {
		var err error
		plan, err = h.server.PlanResourceChange(h.ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: typ, Config: cfg, PriorState: prior, ProposedNewState: cfg})
		h.must(err)
		return stagePlan, plan.Diagnostics
	}, func() (stage, []*tfprotov6.Diagnostic) {
		a, err := h.server.ApplyResourceChange(h.ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: typ, Config: cfg, PriorState: prior, PlannedState: plan.PlannedState, PlannedPrivate: plan.PlannedPrivate})
		h.must(err)
		return stageApply, a.Diagnostics
	})
}

// dataSource validates and reads a data source.
func (h *badInputHarness) dataSource(typ string, attrs map[string]any) outcome {
	cfg := configValue(h.schemas.DataSourceSchemas[typ], attrs)
	return firstError(func() (stage, []*tfprotov6.Diagnostic) {
		v, err := h.server.ValidateDataResourceConfig(h.ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: typ, Config: cfg})
		h.must(err)
		return stageValidate, v.Diagnostics
	}, func() (stage, []*tfprotov6.Diagnostic) {
		r, err := h.server.ReadDataSource(h.ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typ, Config: cfg})
		h.must(err)
		return stageRead, r.Diagnostics
	})
}

// action validates, plans and invokes connectwise_sync_usage.
func (h *badInputHarness) action(attrs map[string]any) outcome {
	const typ = "connectwise_sync_usage"
	cfg := configValue(h.schemas.ActionSchemas[typ].Schema, attrs)
	return firstError(func() (stage, []*tfprotov6.Diagnostic) {
		v, err := h.server.ValidateActionConfig(h.ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: typ, Config: cfg})
		h.must(err)
		return stageValidate, v.Diagnostics
	}, func() (stage, []*tfprotov6.Diagnostic) {
		p, err := h.server.PlanAction(h.ctx, &tfprotov6.PlanActionRequest{ActionType: typ, Config: cfg})
		h.must(err)
		return stagePlan, p.Diagnostics
	}, func() (stage, []*tfprotov6.Diagnostic) {
		stream, err := h.server.InvokeAction(h.ctx, &tfprotov6.InvokeActionRequest{ActionType: typ, Config: cfg})
		h.must(err)
		var diags []*tfprotov6.Diagnostic
		for ev := range stream.Events {
			if done, ok := ev.Type.(tfprotov6.CompletedInvokeActionEventType); ok {
				diags = append(diags, done.Diagnostics...)
			}
		}
		return stageInvoke, diags
	})
}

// list validates and runs the customer mapping list resource.
func (h *badInputHarness) list(attrs map[string]any) outcome {
	lister, ok := h.server.(interface {
		ValidateListResourceConfig(context.Context, *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error)
		ListResource(context.Context, *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error)
	})
	if !ok {
		h.t.Fatal("the provider server does not serve list resources")
	}
	cfg := configValue(h.schemas.ListResourceSchemas[mappingType], attrs)
	return firstError(func() (stage, []*tfprotov6.Diagnostic) {
		v, err := lister.ValidateListResourceConfig(h.ctx, &tfprotov6.ValidateListResourceConfigRequest{TypeName: mappingType, Config: cfg})
		h.must(err)
		return stageValidate, v.Diagnostics
	}, func() (stage, []*tfprotov6.Diagnostic) {
		stream, err := lister.ListResource(h.ctx, &tfprotov6.ListResourceRequest{TypeName: mappingType, Config: cfg})
		h.must(err)
		var diags []*tfprotov6.Diagnostic
		for res := range stream.Results {
			diags = append(diags, res.Diagnostics...)
		}
		return stageList, diags
	})
}

// importID imports by ID, as `terraform import` does; importIdentity with an identity, as
// an import block does.
func (h *badInputHarness) importID(typ, id string) outcome {
	return h.importState(&tfprotov6.ImportResourceStateRequest{TypeName: typ, ID: id})
}

func (h *badInputHarness) importIdentity(typ string, attrs map[string]any) outcome {
	typOf := h.identities.IdentitySchemas[typ].ValueType()
	identity, err := tfprotov6.NewDynamicValue(typOf, toValue(typOf, attrs))
	h.must(err)
	return h.importState(&tfprotov6.ImportResourceStateRequest{TypeName: typ, Identity: &tfprotov6.ResourceIdentityData{IdentityData: &identity}})
}

func (h *badInputHarness) importState(req *tfprotov6.ImportResourceStateRequest) outcome {
	return firstError(func() (stage, []*tfprotov6.Diagnostic) {
		resp, err := h.server.ImportResourceState(h.ctx, req)
		h.must(err)
		return stageImport, resp.Diagnostics
	})
}

// syncInputs sends the same inputs to the action and to the reconciliation data source:
// both must refuse them with the same error.
func (h *badInputHarness) syncInputs(attrs map[string]any) outcome {
	action := h.action(attrs)
	data := h.dataSource("connectwise_billing_reconciliation", attrs)
	if a, d := errorText(action.diags), errorText(data.diags); a != d {
		h.t.Errorf("the action and the data source disagree:\naction: %s\ndata:   %s", a, d)
	}
	return action
}

// shardInputs sends the customers and products of the sync inputs as shard "eu" of
// connectwise_shard_overlaps, which decodes each shard as the sync decodes its inputs: it
// must refuse them with the action's error, under shards["eu"].
func (h *badInputHarness) shardInputs(attrs map[string]any, action outcome) {
	shard := h.dataSource("connectwise_shard_overlaps", map[string]any{"shards": map[string]any{
		"eu": map[string]any{"customers": attrs["customers"], "products": attrs["products"]}}})
	const under = `shards["eu"].`
	text := func(diags []*tfprotov6.Diagnostic) string {
		var lines []string
		for _, d := range diagnosticsOf(diags, tfprotov6.DiagnosticSeverityError) {
			lines = append(lines, attributePathText(d.Attribute)+": "+d.Summary+": "+d.Detail)
		}
		return strings.Join(lines, "\n")
	}
	shardText := text(shard.diags)
	if !strings.Contains(shardText, under) {
		h.t.Errorf("the shard's error does not name shards[\"eu\"]: %s", shardText)
	}
	if a, s := text(action.diags), strings.ReplaceAll(shardText, under, ""); a != s {
		h.t.Errorf("the action and connectwise_shard_overlaps disagree:\naction: %s\nshard:  %s", a, s)
	}
}

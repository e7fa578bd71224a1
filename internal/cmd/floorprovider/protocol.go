package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// serveProtocol serves the floor with terraform-plugin-go alone: what the protocol costs
// with no framework between it and the resource.
func serveProtocol() error {
	return tf6server.Serve(address, func() tfprotov6.ProviderServer { return protocolServer{} })
}

// protocolServer implements the calls a plan and an apply make. The embedded interface is
// nil: any other call (data sources, functions, import...) would panic, and the bench makes none.
type protocolServer struct {
	tfprotov6.ProviderServer
}

var capabilities = &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: true}

func (protocolServer) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return &tfprotov6.GetMetadataResponse{
		ServerCapabilities: capabilities,
		Resources:          []tfprotov6.ResourceMetadata{{TypeName: resourceType}},
	}, nil
}

func (protocolServer) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	var attrs []*tfprotov6.SchemaAttribute
	for _, a := range attributes {
		attrs = append(attrs, &tfprotov6.SchemaAttribute{Name: a.name, Type: a.typ, Required: a.required, Optional: a.optional, Computed: a.computed})
	}
	return &tfprotov6.GetProviderSchemaResponse{
		ServerCapabilities: capabilities,
		Provider:           &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{}},
		ResourceSchemas:    map[string]*tfprotov6.Schema{resourceType: {Block: &tfprotov6.SchemaBlock{Attributes: attrs}}},
	}, nil
}

func (protocolServer) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{}, nil
}

func (protocolServer) ValidateProviderConfig(_ context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (protocolServer) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (protocolServer) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

func (protocolServer) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

// UpgradeResourceState decodes the JSON state Terraform keeps; there is one version, so it
// only re-encodes it.
func (protocolServer) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	v, err := req.RawState.UnmarshalWithOpts(objectType, tfprotov6.UnmarshalOpts{})
	state, diags := encoded("upgrade", v, err)
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: state, Diagnostics: diags}, nil
}

func (protocolServer) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

// PlanResourceChange plans the proposed state. Only a create changes it: the computed values
// the configuration leaves null are unknown until the apply, and sync_enabled defaults to true.
func (protocolServer) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	planned, err := planned(req.PriorState, req.ProposedNewState)
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: failed("plan", err)}, nil
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: planned}, nil
}

func planned(priorState, proposedState *tfprotov6.DynamicValue) (*tfprotov6.DynamicValue, error) {
	prior, err := priorState.Unmarshal(objectType)
	if err != nil {
		return nil, err
	}
	proposed, err := proposedState.Unmarshal(objectType)
	if err != nil || !prior.IsNull() || proposed.IsNull() {
		return proposedState, err
	}
	var values map[string]tftypes.Value
	if err := proposed.As(&values); err != nil {
		return nil, err
	}
	for _, a := range attributes {
		switch {
		case !a.computed || !values[a.name].IsNull():
		case a.optional:
			values[a.name] = tftypes.NewValue(a.typ, a.value)
		default:
			values[a.name] = tftypes.NewValue(a.typ, tftypes.UnknownValue)
		}
	}
	out, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, values))
	return &out, err
}

// ApplyResourceChange returns the planned state filled as a create fills it (see filled),
// and a null state for a destroy.
func (protocolServer) ApplyResourceChange(_ context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	v, err := req.PlannedState.Unmarshal(objectType)
	if err == nil && !v.IsNull() {
		v, err = filled(v)
	}
	state, diags := encoded("apply", v, err)
	return &tfprotov6.ApplyResourceChangeResponse{NewState: state, Diagnostics: diags}, nil
}

// encoded is v as Terraform receives it, or the error of the step that made v or of the
// encoding, as Terraform shows it.
func encoded(step string, v tftypes.Value, err error) (*tfprotov6.DynamicValue, []*tfprotov6.Diagnostic) {
	if err == nil {
		var dv tfprotov6.DynamicValue
		if dv, err = tfprotov6.NewDynamicValue(objectType, v); err == nil {
			return &dv, nil
		}
	}
	return nil, failed(step, err)
}

func failed(step string, err error) []*tfprotov6.Diagnostic {
	return []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: "floor: " + step, Detail: err.Error()}}
}

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// An integration is imported by its name: ConnectWise stores nothing for an integration,
// so the name is all an import can carry.

type integrationIdentity struct {
	Name types.String `tfsdk:"name"`
}

func (r *integrationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"name": identityschema.StringAttribute{RequiredForImport: true, Description: "Name of the integration."},
		},
	}
}

func (r *integrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name, what := req.ID, "import ID"
	if name == "" && req.Identity != nil {
		var id integrationIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
		name, what = id.Name.ValueString(), "identity name"
	}
	if msg := integrationIDRule.problem(what, name); msg != "" {
		resp.Diagnostics.AddError("Invalid "+what, msg+
			". Import an integration by its name, e.g. `terraform import connectwise_integration.nordlayer NordLayer`, "+
			"or with an import block whose identity is { name = \"NordLayer\" }.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, integrationIdentity{Name: types.StringValue(name)})...)
}

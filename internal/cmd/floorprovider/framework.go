package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// serveFramework serves the floor through terraform-plugin-framework, as our provider is
// served (main.go at the repository root).
func serveFramework() error {
	return providerserver.Serve(context.Background(), newFrameworkProvider, providerserver.ServeOpts{Address: address})
}

// frameworkProvider has no configuration and one resource.
type frameworkProvider struct{}

func newFrameworkProvider() provider.Provider { return frameworkProvider{} }

func (frameworkProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}

// Schema is empty: the floor has no configuration.
func (frameworkProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (frameworkProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (frameworkProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return frameworkResource{} }}
}

func (frameworkProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// frameworkResource is floor_customer_mapping with no plan modifier: the framework's own
// plan (defaults, unknown computed values) is all a plan does.
type frameworkResource struct{}

func (frameworkResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = resourceType
}

func (frameworkResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{}
	for _, a := range attributes {
		switch {
		case a.typ.Is(tftypes.String):
			attrs[a.name] = schema.StringAttribute{Required: a.required, Optional: a.optional, Computed: a.computed}
		case a.typ.Is(tftypes.Number):
			attrs[a.name] = schema.NumberAttribute{Required: a.required, Optional: a.optional, Computed: a.computed}
		case a.optional && a.computed: // sync_enabled
			attrs[a.name] = schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(a.value.(bool))}
		default:
			attrs[a.name] = schema.BoolAttribute{Required: a.required, Optional: a.optional, Computed: a.computed}
		}
	}
	resp.Schema = schema.Schema{Attributes: attrs}
}

func (frameworkResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = applied(req.Plan.Raw, &resp.Diagnostics)
}

// Read keeps the state as it is: the framework starts the response from it.
func (frameworkResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (frameworkResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = applied(req.Plan.Raw, &resp.Diagnostics)
}

// Delete has nothing to remove: the framework drops the state.
func (frameworkResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// applied is the planned object with its unknown values filled (see filled).
func applied(planned tftypes.Value, diags *diag.Diagnostics) tftypes.Value {
	v, err := filled(planned)
	if err != nil {
		diags.AddError("floor: apply", err.Error())
	}
	return v
}

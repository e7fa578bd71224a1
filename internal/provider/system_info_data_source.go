package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*systemInfoDataSource)(nil)

func newSystemInfoDataSource() datasource.DataSource { return &systemInfoDataSource{} }

type systemInfoDataSource struct {
	dataSourceData
}

type systemInfoModel struct {
	CompanyName    types.String `tfsdk:"company_name"`
	Codebase       types.String `tfsdk:"codebase"`
	APIURL         types.String `tfsdk:"api_url"`
	Version        types.String `tfsdk:"version"`
	IsCloud        types.Bool   `tfsdk:"is_cloud"`
	CloudRegion    types.String `tfsdk:"cloud_region"`
	ServerTimeZone types.String `tfsdk:"server_time_zone"`
}

func (d *systemInfoDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_system_info"
}

func (d *systemInfoDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The ConnectWise site the provider is connected to, as found when the provider " +
			"checked its credentials. Handy to show in outputs or to assert in a `check` block; costs no extra request.",
		Attributes: map[string]schema.Attribute{
			"company_name":     computed("Company name from `/login/companyinfo`."),
			"codebase":         computed("Codebase in use, e.g. `v2025_8/`."),
			"api_url":          computed("Base URL of the REST API the provider calls."),
			"version":          computed("ConnectWise PSA version from `/system/info`."),
			"is_cloud":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the site is hosted by ConnectWise."},
			"cloud_region":     computed("Cloud region (empty on premises)."),
			"server_time_zone": computed("Time zone of the ConnectWise server."),
		},
	}
}

func (d *systemInfoDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if notConfigured(d.data, &resp.Diagnostics) {
		return
	}
	company, system := d.data.company, d.data.system
	state := systemInfoModel{
		CompanyName:    types.StringValue(company.CompanyName),
		Codebase:       types.StringValue(company.Codebase),
		APIURL:         types.StringValue(d.data.client.BaseURL()),
		Version:        types.StringValue(system.Version),
		IsCloud:        types.BoolValue(system.IsCloud),
		CloudRegion:    types.StringValue(system.CloudRegion),
		ServerTimeZone: types.StringValue(system.ServerTimeZone),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

package provider

import (
	"context"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The hand-written types must stay equal to the schemas: a new attribute added to the
// schema but not to customerMappingType would otherwise fail every plan.
func TestCustomerMappingValueTypesMatchTheSchemas(t *testing.T) {
	ctx := context.Background()
	r := newCustomerMappingResource().(*customerMappingResource)
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	if got := s.Schema.Type().TerraformType(ctx); !got.Equal(customerMappingType) {
		t.Errorf("schema type %s, customerMappingType %s", got, customerMappingType)
	}
	var id resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &id)
	if got := id.IdentitySchema.Type().TerraformType(ctx); !got.Equal(customerMappingIdentityType) {
		t.Errorf("identity schema type %s, customerMappingIdentityType %s", got, customerMappingIdentityType)
	}
	if n := len((&customerMappingModel{}).values()); n != len(customerMappingType.AttributeTypes) {
		t.Errorf("values() names %d attributes, the schema has %d", n, len(customerMappingType.AttributeTypes))
	}
}

// Null, unknown and known values all survive the round trip, as the plan needs them to.
func TestCustomerMappingValuesRoundTrip(t *testing.T) {
	ctx := context.Background()
	m := customerMappingModel{
		syncCustomerModel: syncCustomerModel{
			IntegrationID: types.StringValue("NordLayer"), OrganizationID: types.StringValue("org-1"), OrganizationName: types.StringNull(),
			CompanyID: types.NumberValue(big.NewFloat(250)), AgreementID: types.NumberValue(big.NewFloat(4012)), SyncEnabled: types.BoolValue(false),
		},
		ID: types.StringUnknown(), CompanyIdentifier: types.StringValue("ACME"), CompanyName: types.StringUnknown(),
		CompanyDeleted: types.BoolNull(), AgreementName: types.StringValue("Managed"), AgreementStatus: types.StringUnknown(),
	}
	v, err := m.terraformValue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	back, err := mappingFromTerraform(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range m.values() {
		if got := back.values()[name]; !got.Equal(want) {
			t.Errorf("%s: got %s, want %s", name, got, want)
		}
	}
	identity, err := m.identityValue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var parts map[string]tftypes.Value
	if err := identity.As(&parts); err != nil {
		t.Fatal(err)
	}
	var agreement big.Float
	if err := parts["agreement_id"].As(&agreement); err != nil || agreement.Cmp(big.NewFloat(4012)) != 0 {
		t.Errorf("identity agreement_id = %s (%v), want 4012", agreement.String(), err)
	}
}

// A value of another shape is reported, not half-read.
func TestCustomerMappingValuesRejectOtherShapes(t *testing.T) {
	ctx := context.Background()
	for name, v := range map[string]tftypes.Value{
		"null": tftypes.NewValue(customerMappingType, nil),
		"missing an attribute": tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}},
			map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "x")}),
		"wrong type": tftypes.NewValue(tftypes.String, "x"),
	} {
		if _, err := mappingFromTerraform(ctx, v); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

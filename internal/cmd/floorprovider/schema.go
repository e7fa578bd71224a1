package main

import "github.com/hashicorp/terraform-plugin-go/tftypes"

// resourceType is the one resource of the floor provider.
const resourceType = "floor_customer_mapping"

// attribute is one attribute of connectwise_customer_mapping, as both modes declare it.
type attribute struct {
	name                         string
	typ                          tftypes.Type
	required, optional, computed bool
	value                        any // what a create puts in a computed attribute, or its default
}

// attributes are connectwise_customer_mapping's, with the same types and the same
// required, optional and computed flags, so that Terraform handles as much data per resource.
var attributes = []attribute{
	{name: "id", typ: tftypes.String, computed: true},
	{name: "integration_id", typ: tftypes.String, required: true},
	{name: "organization_id", typ: tftypes.String, required: true},
	{name: "organization_name", typ: tftypes.String, optional: true},
	{name: "company_id", typ: tftypes.Number, required: true},
	{name: "agreement_id", typ: tftypes.Number, required: true},
	{name: "sync_enabled", typ: tftypes.Bool, optional: true, computed: true, value: true},
	{name: "company_identifier", typ: tftypes.String, computed: true, value: "C0001"},
	{name: "company_name", typ: tftypes.String, computed: true, value: "Company"},
	{name: "company_deleted", typ: tftypes.Bool, computed: true, value: false},
	{name: "agreement_name", typ: tftypes.String, computed: true, value: "Agreement"},
	{name: "agreement_status", typ: tftypes.String, computed: true, value: "Active"},
}

// objectType is the type of the resource's state.
var objectType = func() tftypes.Object {
	types := map[string]tftypes.Type{}
	for _, a := range attributes {
		types[a.name] = a.typ
	}
	return tftypes.Object{AttributeTypes: types}
}()

// filled is what an apply returns for this planned object: its unknown values filled,
// id as integration_id/organization_id and the others with fixed values. Both modes create
// through it, so their states are the same.
func filled(planned tftypes.Value) (tftypes.Value, error) {
	var values map[string]tftypes.Value
	if err := planned.As(&values); err != nil {
		return planned, err
	}
	for _, a := range attributes {
		if values[a.name].IsKnown() {
			continue
		}
		if a.name != "id" {
			values[a.name] = tftypes.NewValue(a.typ, a.value)
			continue
		}
		var integration, organization string
		if err := values["integration_id"].As(&integration); err != nil {
			return planned, err
		}
		if err := values["organization_id"].As(&organization); err != nil {
			return planned, err
		}
		values[a.name] = tftypes.NewValue(tftypes.String, integration+"/"+organization)
	}
	return tftypes.NewValue(objectType, values), nil
}

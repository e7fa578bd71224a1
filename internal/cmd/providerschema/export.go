package main

import (
	"context"
	"encoding/json"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

type providerSchemas = tfjson.ProviderSchemas

// export asks the server for every schema and converts each to Terraform's JSON form.
func export(ctx context.Context, server tfprotov6.ProviderServer, key string) (*providerSchemas, error) {
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return nil, fmt.Errorf("%s: %s", d.Summary, d.Detail)
		}
	}
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	ps := &tfjson.ProviderSchema{
		ResourceSchemas:          map[string]*tfjson.Schema{},
		DataSourceSchemas:        map[string]*tfjson.Schema{},
		EphemeralResourceSchemas: map[string]*tfjson.Schema{},
		ListResourceSchemas:      map[string]*tfjson.Schema{},
		ActionSchemas:            map[string]*tfjson.ActionSchema{},
		ResourceIdentitySchemas:  map[string]*tfjson.IdentitySchema{},
		Functions:                map[string]*tfjson.FunctionSignature{},
	}
	if ps.ConfigSchema, err = convertSchema(resp.Provider); err != nil {
		return nil, err
	}
	groups := []struct {
		in  map[string]*tfprotov6.Schema
		out map[string]*tfjson.Schema
	}{
		{resp.ResourceSchemas, ps.ResourceSchemas},
		{resp.DataSourceSchemas, ps.DataSourceSchemas},
		{resp.EphemeralResourceSchemas, ps.EphemeralResourceSchemas},
		{resp.ListResourceSchemas, ps.ListResourceSchemas},
	}
	for _, g := range groups {
		for name, s := range g.in {
			if g.out[name], err = convertSchema(s); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	for name, a := range resp.ActionSchemas {
		s, err := convertSchema(a.Schema)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		ps.ActionSchemas[name] = &tfjson.ActionSchema{Block: s.Block}
	}
	for name, id := range identities.IdentitySchemas {
		if ps.ResourceIdentitySchemas[name], err = convertIdentity(id); err != nil {
			return nil, fmt.Errorf("%s identity: %w", name, err)
		}
	}
	return &tfjson.ProviderSchemas{
		FormatVersion: "1.0",
		Schemas:       map[string]*tfjson.ProviderSchema{key: ps},
	}, nil
}

func convertSchema(s *tfprotov6.Schema) (*tfjson.Schema, error) {
	if s == nil {
		return nil, nil
	}
	block, err := convertBlock(s.Block)
	if err != nil {
		return nil, err
	}
	return &tfjson.Schema{Version: uint64(s.Version), Block: block}, nil //nolint:gosec // schema versions are small and non-negative
}

func convertBlock(b *tfprotov6.SchemaBlock) (*tfjson.SchemaBlock, error) {
	out := &tfjson.SchemaBlock{
		Attributes:      map[string]*tfjson.SchemaAttribute{},
		NestedBlocks:    map[string]*tfjson.SchemaBlockType{},
		Description:     b.Description,
		DescriptionKind: descriptionKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	for _, a := range b.Attributes {
		attr, err := convertAttribute(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Name, err)
		}
		out.Attributes[a.Name] = attr
	}
	for _, nb := range b.BlockTypes {
		inner, err := convertBlock(nb.Block)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", nb.TypeName, err)
		}
		out.NestedBlocks[nb.TypeName] = &tfjson.SchemaBlockType{
			NestingMode: blockNesting[nb.Nesting],
			Block:       inner,
			MinItems:    uint64(nb.MinItems), //nolint:gosec // non-negative by protocol
			MaxItems:    uint64(nb.MaxItems), //nolint:gosec // non-negative by protocol
		}
	}
	return out, nil
}

func convertAttribute(a *tfprotov6.SchemaAttribute) (*tfjson.SchemaAttribute, error) {
	out := &tfjson.SchemaAttribute{
		Description:     a.Description,
		DescriptionKind: descriptionKind(a.DescriptionKind),
		Deprecated:      a.Deprecated,
		Required:        a.Required,
		Optional:        a.Optional,
		Computed:        a.Computed,
		Sensitive:       a.Sensitive,
		WriteOnly:       a.WriteOnly,
	}
	if a.NestedType != nil {
		nested := &tfjson.SchemaNestedAttributeType{
			Attributes:  map[string]*tfjson.SchemaAttribute{},
			NestingMode: objectNesting[a.NestedType.Nesting],
		}
		for _, na := range a.NestedType.Attributes {
			attr, err := convertAttribute(na)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", na.Name, err)
			}
			nested.Attributes[na.Name] = attr
		}
		out.AttributeNestedType = nested
		return out, nil
	}
	raw, err := json.Marshal(a.Type)
	if err != nil {
		return nil, err
	}
	if out.AttributeType, err = ctyjson.UnmarshalType(raw); err != nil {
		return nil, err
	}
	return out, nil
}

func convertIdentity(s *tfprotov6.ResourceIdentitySchema) (*tfjson.IdentitySchema, error) {
	out := &tfjson.IdentitySchema{
		Version:    uint64(s.Version), //nolint:gosec // non-negative by protocol
		Attributes: map[string]*tfjson.IdentityAttribute{},
	}
	for _, a := range s.IdentityAttributes {
		raw, err := json.Marshal(a.Type)
		if err != nil {
			return nil, err
		}
		t, err := ctyjson.UnmarshalType(raw)
		if err != nil {
			return nil, err
		}
		out.Attributes[a.Name] = &tfjson.IdentityAttribute{
			IdentityType:      t,
			Description:       a.Description,
			RequiredForImport: a.RequiredForImport,
			OptionalForImport: a.OptionalForImport,
		}
	}
	return out, nil
}

func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

var blockNesting = map[tfprotov6.SchemaNestedBlockNestingMode]tfjson.SchemaNestingMode{
	tfprotov6.SchemaNestedBlockNestingModeSingle: tfjson.SchemaNestingModeSingle,
	tfprotov6.SchemaNestedBlockNestingModeList:   tfjson.SchemaNestingModeList,
	tfprotov6.SchemaNestedBlockNestingModeSet:    tfjson.SchemaNestingModeSet,
	tfprotov6.SchemaNestedBlockNestingModeMap:    tfjson.SchemaNestingModeMap,
	tfprotov6.SchemaNestedBlockNestingModeGroup:  tfjson.SchemaNestingModeGroup,
}

var objectNesting = map[tfprotov6.SchemaObjectNestingMode]tfjson.SchemaNestingMode{
	tfprotov6.SchemaObjectNestingModeSingle: tfjson.SchemaNestingModeSingle,
	tfprotov6.SchemaObjectNestingModeList:   tfjson.SchemaNestingModeList,
	tfprotov6.SchemaObjectNestingModeSet:    tfjson.SchemaNestingModeSet,
	tfprotov6.SchemaObjectNestingModeMap:    tfjson.SchemaNestingModeMap,
}

import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiProperty,
  ApiPropertyOptional,
  DocumentBuilder,
  type OpenAPIObject,
  PartialType,
  type SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsDivisibleBy,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MaxGlobStars, OptionalNotNull, UniqueItemsBy } from '@vantage/contracts';
import { refineOpenApiDocument } from './openapi-refinements';

class VariantInput {
  @ApiProperty()
  @IsString()
  @Matches(/^[a-z]+$/)
  name!: string;

  @ApiProperty({ minimum: 0, exclusiveMinimum: true })
  @IsNumber()
  @Min(0.5)
  weight!: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MaxGlobStars()
  glob?: string;
}

class CreateThingInput {
  @ApiProperty()
  @IsString()
  @Length(1, 40)
  name!: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(10)
  count!: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsInt()
  @IsDivisibleBy(60_000)
  intervalMs?: number;

  @ApiProperty({ isArray: true, enum: ['a', 'b'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(['a', 'b'], { each: true })
  scopes!: string[];

  @ApiProperty({ type: [VariantInput] })
  @IsArray()
  @UniqueItemsBy('name')
  @ValidateNested({ each: true })
  @Type(() => VariantInput)
  variants!: VariantInput[];

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  note?: string | null;

  @ApiPropertyOptional()
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined)
  @IsString()
  colour?: string;
}

class UpdateThingInput extends PartialType(CreateThingInput, { skipNullProperties: false }) {}

class ListThingsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiProperty()
  @IsString()
  @Length(3, 8)
  prefix!: string;

  @ApiPropertyOptional({ description: 'ISO 8601' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ type: 'array' })
  @OptionalNotNull()
  @IsArray()
  @IsIn([80, 95], { each: true })
  level?: number[];
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: CreateThingInput): CreateThingInput {
    return body;
  }

  @Post('update')
  update(@Body() body: UpdateThingInput): UpdateThingInput {
    return body;
  }

  @Get()
  list(@Query() query: ListThingsQuery): ListThingsQuery {
    return query;
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

function schema(document: OpenAPIObject, name: string): SchemaObject {
  return document.components?.schemas?.[name] as SchemaObject;
}

function property(document: OpenAPIObject, name: string, key: string): SchemaObject {
  return schema(document, name).properties?.[key] as SchemaObject;
}

describe('the OpenAPI document derived from the validation rules', () => {
  let app: NestFastifyApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(), {
      logger: false,
    });
    const config = new DocumentBuilder().setTitle('things').build();
    document = refineOpenApiDocument(SwaggerModule.createDocument(app, config), app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses unknown fields in every validated body, nested objects included', () => {
    expect(schema(document, 'CreateThingInput').additionalProperties).toBe(false);
    expect(schema(document, 'UpdateThingInput').additionalProperties).toBe(false);
    expect(schema(document, 'VariantInput').additionalProperties).toBe(false);
  });

  it('gives strings the lengths and patterns the validators enforce', () => {
    expect(property(document, 'CreateThingInput', 'name')).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 40,
    });
    expect(property(document, 'VariantInput', 'name')).toMatchObject({ pattern: '^[a-z]+$' });
  });

  it('types an @IsInt() field as an integer with its bounds', () => {
    expect(property(document, 'CreateThingInput', 'count')).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 10,
    });
    expect(property(document, 'VariantInput', 'weight')).toMatchObject({
      type: 'number',
      minimum: 0.5,
    });
    // @Min() includes its bound, whatever @ApiProperty said.
    expect(property(document, 'VariantInput', 'weight').exclusiveMinimum).toBeUndefined();
  });

  it('refuses a glob with more wildcards than the validator allows', () => {
    const not = property(document, 'VariantInput', 'glob').not as SchemaObject;
    const tooMany = new RegExp(not.pattern ?? '$^');
    expect(tooMany.test('a*'.repeat(8))).toBe(false);
    expect(tooMany.test('a*'.repeat(9))).toBe(true);
  });

  it('documents a whole number of minutes as a multiple', () => {
    expect(property(document, 'CreateThingInput', 'intervalMs')).toMatchObject({
      type: 'integer',
      multipleOf: 60_000,
    });
  });

  it('documents minItems, uniqueness and the allowed values of each item', () => {
    expect(property(document, 'CreateThingInput', 'scopes')).toMatchObject({
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['a', 'b'] },
    });
  });

  it('documents uniqueness by a property of the items', () => {
    const variants = property(document, 'CreateThingInput', 'variants') as SchemaObject &
      Record<string, unknown>;
    expect(variants['x-unique-items-by']).toEqual('name');
    expect(variants.description).toContain('name');
  });

  it('lists as required exactly the fields that may not be left out', () => {
    expect(schema(document, 'CreateThingInput').required).toEqual([
      'name',
      'count',
      'scopes',
      'variants',
    ]);
    expect(schema(document, 'UpdateThingInput').required).toBeUndefined();
  });

  it('marks nullable only the fields whose validation lets null through', () => {
    expect(property(document, 'CreateThingInput', 'note').nullable).toBe(true);
    expect(property(document, 'CreateThingInput', 'colour').nullable).toBeUndefined();
    // PartialType without skipping nulls: null is validated, hence refused.
    expect(property(document, 'UpdateThingInput', 'name').nullable).toBeUndefined();
  });

  it('applies the rules of a query DTO to its parameters', () => {
    const parameters = (document.paths['/things']?.get?.parameters ?? []) as Array<{
      name: string;
      required?: boolean;
      schema: SchemaObject;
    }>;
    const byName = Object.fromEntries(parameters.map((p) => [p.name, p]));
    expect(byName['limit']).toMatchObject({
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 100 },
    });
    expect(byName['from']).toMatchObject({ schema: { type: 'string', format: 'date-time' } });
    // The strict ISO 8601 check refuses years before 100 (read through Date as 19xx).
    const year = new RegExp(byName['from']?.schema.pattern ?? '$^');
    expect(['0011-10-21T14:09:23Z', '0100-03-01T00:00:00Z'].map((d) => year.test(d))).toEqual([
      false,
      true,
    ]);
    expect(byName['level']).toMatchObject({ schema: { type: 'array', items: { enum: [80, 95] } } });
    expect(byName['prefix']).toMatchObject({
      required: true,
      schema: { type: 'string', minLength: 3, maxLength: 8 },
    });
  });
});

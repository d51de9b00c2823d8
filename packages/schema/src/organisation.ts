import * as z from 'zod';
import { Id, MunicipalityCode, FreeText, Translations } from './common.ts';
import { CycleRule } from './round.ts';
import { UnitKind } from './instrument.ts';
import { FilterKind } from './compare.ts';

export const NetworkSettings = z.object({
  name: FreeText().trim().min(1),
  controllerText: Translations,
  suppressionThreshold: z.number().int().min(3).max(50),
  cycleRule: CycleRule,
  /** Background filters the public may use on published municipality reports and tables (signed-in roles: all). */
  publicFilters: z.array(FilterKind).default([]),
});
export type NetworkSettings = z.infer<typeof NetworkSettings>;

export const MunicipalityInput = z.object({
  code: MunicipalityCode,
  names: Translations,
  population: z.number().int().min(0),
});
export type MunicipalityInput = z.infer<typeof MunicipalityInput>;

export const PROVIDERS = ['municipal', 'private'] as const;
export const Provider = z.enum(PROVIDERS);

export const UnitInput = z
  .object({
    municipalityCode: MunicipalityCode,
    code: FreeText().trim().min(1).max(40),
    names: Translations,
    kind: UnitKind,
    provider: Provider,
    activeFrom: z.number().int().min(1990).max(2100),
    activeTo: z.number().int().min(1990).max(2100).nullable().default(null),
  })
  .refine((u) => u.activeTo === null || u.activeTo >= u.activeFrom, {
    path: ['activeTo'],
    message: 'a unit cannot close before it starts',
  });
export type UnitInput = z.infer<typeof UnitInput>;

export const BaseCountInput = z.object({
  roundId: Id,
  municipalityCode: MunicipalityCode,
  unitId: Id.nullable().default(null),
  groupKey: FreeText().min(1).max(48),
  enrolled: z.number().int().min(0).max(1_000_000),
});
export type BaseCountInput = z.infer<typeof BaseCountInput>;

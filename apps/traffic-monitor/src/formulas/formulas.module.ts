import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BucketsModule } from '../buckets/buckets.module';
import { EventIdsModule } from '../event-ids/event-ids.module';
import { FormulaRunner } from './formula-runner';
import { FormulasHandler } from './formulas.handler';
import { FormulasService } from './formulas.service';
import { SavedFormulaRepository } from './saved-formula.repository';
import { SavedFormula, SavedFormulaSchema } from './saved-formula.schema';
import { SavedFormulasService } from './saved-formulas.service';

/**
 * The formula language over stored counts: validate, execute, catalogue, suggestions and
 * formulas saved per organisation. Other modules (alerts) import it and inject FormulaRunner.
 */
@Module({
  imports: [
    BucketsModule,
    EventIdsModule,
    MongooseModule.forFeature([{ name: SavedFormula.name, schema: SavedFormulaSchema }]),
  ],
  controllers: [FormulasHandler],
  providers: [FormulaRunner, FormulasService, SavedFormulaRepository, SavedFormulasService],
  exports: [FormulaRunner],
})
export class FormulasModule {}

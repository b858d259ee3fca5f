import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, openDatabase, type DatabaseOptions } from './data-source-options';

@Module({})
export class DatabaseModule {
  /** The service's own database, migrated before anything else in the app may use it. */
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(options),
            retryAttempts: 20,
            retryDelay: 3_000,
          }),
          dataSourceFactory: (resolved) => {
            if (!resolved) throw new Error('TypeORM passed no options to the data source factory');
            return openDatabase(resolved);
          },
        }),
      ],
    };
  }
}

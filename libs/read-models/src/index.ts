export * from './incident-view';
export * from './incident-view.columns';
export * from './incident-read-model';

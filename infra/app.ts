import { createDeskbooksApp } from './deskbooks-app';

createDeskbooksApp().app.synth();

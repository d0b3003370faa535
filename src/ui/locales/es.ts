/** The SDK's own words in Spanish (the English original and its notes: ../strings.ts). */
import type { UiStrings } from '../strings';

export const strings: UiStrings = {
  close: 'Cerrar',
  help: 'Ayuda',
  announcement: 'Anuncio',
  next: 'Siguiente',
  back: 'Atrás',
  done: 'Listo',
  skip: 'Saltar recorrido',
  stepOf: '{n} de {total}',
  tourProgress: 'Progreso del recorrido',
  openTip: 'Abrir consejo',
  helpful: '¿Te resultó útil?',
  yes: 'Sí',
  no: 'No',
  comment: 'Cuéntanos más (opcional)',
  send: 'Enviar',
  thanks: '¡Gracias por tu opinión!',
  checklist: 'Primeros pasos',
  goThere: 'Llévame allí',
  tasksDone: '{n} de {total}',
  dismissChecklist: 'No volver a mostrar la lista',
  taskDone: '{task}: completada, {n} de {total}',
};

/** The SDK's own words in French (the English original and its notes: ../strings.ts). */
import type { UiStrings } from '../strings';

export const strings: UiStrings = {
  close: 'Fermer',
  help: 'Aide',
  announcement: 'Annonce',
  next: 'Suivant',
  back: 'Retour',
  done: 'Terminé',
  skip: 'Passer la visite',
  stepOf: '{n} sur {total}',
  tourProgress: 'Progression de la visite',
  openTip: 'Ouvrir l’astuce',
  helpful: 'Cela vous a-t-il aidé\u202f?',
  yes: 'Oui',
  no: 'Non',
  comment: 'Dites-nous en plus (facultatif)',
  send: 'Envoyer',
  thanks: 'Merci pour votre avis\u202f!',
  checklist: 'Premiers pas',
  goThere: 'M’y emmener',
  tasksDone: '{n} sur {total}',
  dismissChecklist: 'Ne plus afficher la liste',
  taskDone: '{task}\u00a0: terminée, {n} sur {total}',
};

/** The SDK's own words in Russian (the English original and its notes: ../strings.ts). */
import type { UiStrings } from '../strings';

export const strings: UiStrings = {
  close: 'Закрыть',
  help: 'Справка',
  announcement: 'Объявление',
  next: 'Далее',
  back: 'Назад',
  done: 'Готово',
  skip: 'Пропустить тур',
  stepOf: '{n} из {total}',
  tourProgress: 'Ход тура',
  openTip: 'Открыть подсказку',
  helpful: 'Это было полезно?',
  yes: 'Да',
  no: 'Нет',
  comment: 'Расскажите подробнее (необязательно)',
  send: 'Отправить',
  thanks: 'Спасибо за отзыв!',
  checklist: 'Начало работы',
  goThere: 'Перейти',
  tasksDone: '{n} из {total}',
  dismissChecklist: 'Больше не показывать список',
  taskDone: '{task}: выполнено, {n} из {total}',
};

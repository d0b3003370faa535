/**
 * The SDK's own words in Chinese (Traditional, Taiwan), also for Hong Kong, Macao and any
 * `zh-Hant` reader (the English original and its notes: ../strings.ts).
 */
import type { UiStrings } from '../strings';

export const strings: UiStrings = {
  close: '關閉',
  help: '說明',
  announcement: '公告',
  next: '下一步',
  back: '上一步',
  done: '完成',
  skip: '略過導覽',
  stepOf: '第 {n} 步，共 {total} 步',
  tourProgress: '導覽進度',
  openTip: '開啟提示',
  helpful: '這對您有幫助嗎？',
  yes: '是',
  no: '否',
  comment: '補充說明（選填）',
  send: '傳送',
  thanks: '感謝您的意見回饋！',
  checklist: '新手入門',
  goThere: '帶我前往',
  tasksDone: '已完成 {n}/{total}',
  dismissChecklist: '不再顯示此清單',
  taskDone: '{task}：已完成，進度 {n}/{total}',
};

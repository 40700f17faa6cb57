import { defineTexts } from '../../core/texts.js';

/** The words of answer feedback and of /suggestions, per locale. */
export const LEARNING_TEXTS = defineTexts(
  {
    useful: '有用',
    useless: '没用',
    hint: '觉得有帮助吗？回复“有用”或“没用”。',
    thanks: '谢谢您的反馈！',
    noted: '谢谢反馈，已经记下，管理员会改进这条回答。您也可以换个说法再问，说清楚平台和商品。',
    stray: '收到。要评价某条回答，请在那条回答之后直接回复“有用”或“没用”。',
  },
  {
    useful: 'helpful',
    useless: 'unhelpful',
    hint: 'Did this help? Reply "helpful" or "unhelpful".',
    thanks: 'Thank you for the feedback!',
    noted: 'Thank you, noted: an admin will improve this answer. You can also ask again in other words, naming the platform and the product.',
    stray: 'Noted. To rate an answer, reply "helpful" or "unhelpful" right after it.',
  },
);

/** Every word that rates an answer, in any locale: typed alone, it is never taken for a question. */
export const FEEDBACK_WORDS: ReadonlySet<string> = new Set(Object.values(LEARNING_TEXTS).flatMap((t) => [t.useful, t.useless]));
